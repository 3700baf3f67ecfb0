using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using TaskRunner.Generation.Chat;
using TaskRunner.Retrieval;

namespace TaskRunner.Api.Mcp;

/// <summary>MCP tools that read the tenant's chunks: search, and ask (the chat gateway's cited answer).</summary>
[McpServerToolType]
public sealed class RetrievalTools(McpTenant tenant, HybridRetriever retriever, ChatGateway chat)
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

    [McpServerTool(Name = "ask", ReadOnly = true), Description("Answers a question from the tenant's documents, like POST /api/v1/chat: an answer with [n] citations, the passages they point to, and which retrieval sources answered. Without an LLM the answer is extractive (mode \"extractive\").")]
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

        var query = new ChatQuery(tenant.Id, question, documentIds, [], topK, ChatLanguages.Auto);
        var retrieval = await chat.RetrieveAsync(query, cancellationToken);
        var answer = await chat.AnswerAsync(query, retrieval, static (_, _) => ValueTask.CompletedTask, static (_, _) => ValueTask.CompletedTask, cancellationToken);
        return new AskResult(question, answer.Mode, answer.Answer, answer.Citations, answer.Passages, answer.Sources);
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

/// <summary>What ask answered: <c>mode</c> says whether the LLM wrote it or it was extracted from the passages.</summary>
public sealed record AskResult(
    string Question, string Mode, string Answer, IReadOnlyList<ChatCitation> Citations, IReadOnlyList<ChatPassage> Passages,
    IReadOnlyDictionary<string, string> Sources);
