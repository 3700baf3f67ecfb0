using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace TaskRunner.Testing.OpenAi;

/// <summary>
/// <c>POST /v1/rerank</c>, the wire text-embeddings-inference, Jina and Cohere share: <c>{query, documents | texts, top_n?}</c>
/// answered with Jina/Cohere's <c>{"results": [{"index", "relevance_score"}]}</c>, best first (or TEI's bare
/// <c>[{"index", "score"}]</c> with <see cref="RerankAnswersAsArray"/>). <see cref="RerankScore"/> scores each text;
/// <see cref="RerankStatusCode"/> other than 200 answers that status instead.
/// </summary>
public sealed partial class OpenAiTestServer
{
    private int _rerankRequests;

    /// <summary>Scores one text for the query; by default the number of the query's words it contains.</summary>
    public Func<string, string, double> RerankScore { get; set; } = (query, text) =>
        query.Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(w => text.Contains(w, StringComparison.OrdinalIgnoreCase));

    public int RerankStatusCode { get; set; } = 200;

    public bool RerankAnswersAsArray { get; set; }

    public int RerankRequests => Volatile.Read(ref _rerankRequests);

    private async Task HandleRerankAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        Interlocked.Increment(ref _rerankRequests);
        if (!await AuthorizedAsync(context, ct))
        {
            return;
        }

        if (RerankStatusCode != 200)
        {
            await WriteErrorAsync(context, RerankStatusCode, "Scripted rerank failure", "server_error", null, ct);
            return;
        }

        using var doc = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: ct);
        var root = doc.RootElement;
        var query = root.GetProperty("query").GetString() ?? "";
        var texts = (root.TryGetProperty("documents", out var d) ? d : root.GetProperty("texts")).EnumerateArray().Select(e => e.GetString() ?? "").ToList();
        var topN = root.TryGetProperty("top_n", out var n) ? n.GetInt32() : texts.Count;
        var ranked = texts.Select((text, index) => (index, score: RerankScore(query, text))).OrderByDescending(r => r.score).ThenBy(r => r.index).Take(topN).ToList();
        var scoreName = RerankAnswersAsArray ? "score" : "relevance_score";
        var items = new JsonArray(ranked.Select(r => (JsonNode?)new JsonObject { ["index"] = r.index, [scoreName] = r.score }).ToArray());
        context.Response.ContentType = "application/json";
        JsonNode answer = RerankAnswersAsArray ? items : new JsonObject { ["results"] = items };
        await context.Response.WriteAsync(answer.ToJsonString(), ct);
    }
}
