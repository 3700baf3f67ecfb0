using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using TaskRunner.Retrieval;

namespace TaskRunner.Api.Mcp;

/// <summary>MCP tools that read the tenant's chunks: search, and ask (passages to answer from).</summary>
[McpServerToolType]
public sealed class RetrievalTools(McpTenant tenant, HybridRetriever retriever)
{
    private const int MaxQueryLength = 2000;

    [McpServerTool(Name = "search", ReadOnly = true), Description("Hybrid (vector and keyword) search over the tenant's documents; answers with the best chunks, their documents and scores.")]
    public Task<RetrievalResult> SearchAsync(
        [Description("What to look for.")] string query,
        [Description("How many chunks, 1 to 100.")] int topK = 10,
        [Description("Only these documents (at most 100); default: all.")] IReadOnlyList<Guid>? documentIds = null,
        CancellationToken cancellationToken = default)
    {
        Check(query, topK, documentIds);
        return retriever.SearchAsync(tenant.Id, query, documentIds, topK, cancellationToken);
    }

    // Until the chat endpoint (POST /api/v1/chat) is merged, ask answers with the passages retrieval finds; the calling
    // agent writes the answer from them. After the merge it calls the chat service instead.
    [McpServerTool(Name = "ask", ReadOnly = true), Description("Finds the passages of the tenant's documents that answer a question, with their document ids, for you to answer from and cite.")]
    public async Task<AskResult> AskAsync(
        [Description("The question.")] string question,
        [Description("How many passages, 1 to 20.")] int topK = 5,
        [Description("Only these documents; default: all.")] IReadOnlyList<Guid>? documentIds = null,
        CancellationToken cancellationToken = default)
    {
        Check(question, Math.Min(topK, 100), documentIds);
        if (topK > 20)
        {
            throw new McpException("topK must be from 1 to 20.");
        }

        var found = await retriever.SearchAsync(tenant.Id, question, documentIds, topK, cancellationToken);
        return new AskResult(question, "passages", found.Chunks);
    }

    private static void Check(string query, int topK, IReadOnlyList<Guid>? documentIds)
    {
        if (string.IsNullOrWhiteSpace(query) || query.Length > MaxQueryLength)
        {
            throw new McpException($"The query must be 1 to {MaxQueryLength} characters.");
        }

        if (topK is < 1 or > 100 || documentIds is { Count: > 100 })
        {
            throw new McpException("topK must be from 1 to 100 and documentIds may name at most 100 documents.");
        }
    }
}

/// <summary>What ask found: <c>mode</c> is "passages" (retrieval only) until the chat service answers in full.</summary>
public sealed record AskResult(string Question, string Mode, IReadOnlyList<RetrievedChunk> Passages);
