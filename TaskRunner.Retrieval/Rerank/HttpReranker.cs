using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TaskRunner.Retrieval.Rerank;

/// <summary>
/// <c>POST {BaseUrl}/rerank</c> with <c>{model?, query, documents|texts, top_n}</c>. Reads both answers of that wire:
/// Jina and Cohere's <c>{"results": [{"index", "relevance_score"}]}</c> and text-embeddings-inference's bare
/// <c>[{"index", "score"}]</c>. Any failure (status, timeout, malformed body, an index out of range) is logged and
/// gives null, so the caller keeps the fused order.
/// </summary>
public sealed partial class HttpReranker(IHttpClientFactory clients, IOptions<RerankOptions> options, ILogger<HttpReranker> logger) : IReranker
{
    /// <summary>The named <see cref="HttpClient"/> of the reranker (<c>IHttpClientFactory</c> rotates its handlers).</summary>
    public const string HttpClientName = "rerank";

    public async Task<IReadOnlyList<(int Index, double Score)>?> RerankAsync(string query, IReadOnlyList<string> documents, int topN, CancellationToken ct)
    {
        if (documents.Count == 0)
        {
            return [];
        }

        var settings = options.Value;
        var body = new JsonObject
        {
            ["query"] = query,
            [settings.DocumentsField] = new JsonArray(documents.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
            ["top_n"] = Math.Min(topN, documents.Count),
        };
        if (!string.IsNullOrWhiteSpace(settings.Model))
        {
            body["model"] = settings.Model;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(settings.TimeoutMs);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, settings.BaseUrl.TrimEnd('/') + "/rerank") { Content = JsonContent.Create(body) };
            if (!string.IsNullOrWhiteSpace(settings.ApiKey))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
            }

            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, deadline.Token);
            response.EnsureSuccessStatusCode();
            var parsed = Parse(await response.Content.ReadFromJsonAsync<JsonNode>(deadline.Token), documents.Count);
            if (parsed is null)
            {
                LogMalformed();
            }

            return parsed;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is HttpRequestException or JsonException or OperationCanceledException or InvalidOperationException)
        {
            LogFailed(ex);
            return null;
        }
    }

    /// <summary>The ranking in a rerank answer, best first; null when it is not one of the known shapes or names a passage that was not sent.</summary>
    internal static IReadOnlyList<(int Index, double Score)>? Parse(JsonNode? answer, int count)
    {
        var items = answer switch
        {
            JsonArray array => array,
            JsonObject obj when obj["results"] is JsonArray results => results,
            _ => null,
        };
        if (items is null)
        {
            return null;
        }

        var ranked = new List<(int, double)>();
        foreach (var item in items)
        {
            if (item?["index"] is not JsonValue indexValue || !indexValue.TryGetValue<int>(out var index) || index < 0 || index >= count)
            {
                return null;
            }

            var score = item["relevance_score"] ?? item["score"];
            ranked.Add((index, score is JsonValue v && v.TryGetValue<double>(out var s) ? s : 0));
        }

        return ranked.OrderByDescending(r => r.Item2).DistinctBy(r => r.Item1).ToList();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The reranker failed; the fused order stands")]
    private partial void LogFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The reranker answered in an unknown shape; the fused order stands")]
    private partial void LogMalformed();
}
