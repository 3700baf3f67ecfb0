using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskRunner.Ingestion.Documents;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Retrieval.VectorStore;
using TaskRunner.Tasks.Telemetry;

namespace TaskRunner.Retrieval;

/// <summary>
/// Runs vector search and keyword search in parallel and fuses the two rankings (<see cref="RankFusion"/>: relative
/// score fusion by default, or reciprocal rank fusion). If one side fails the other still answers, and the result says so.
/// </summary>
public sealed partial class HybridRetriever(
    IEmbeddingProvider embedder,
    IVectorStore vectors,
    KeywordSearch keywords,
    ChunkStore chunks,
    IOptions<RetrievalOptions> options,
    ILogger<HybridRetriever> logger,
    Lexical.LexicalIndexSet? lexical = null)
{
    public async Task<RetrievalResult> SearchAsync(string tenantId, string query, IReadOnlyList<Guid>? documentIds, int topK, CancellationToken ct)
    {
        var depth = Math.Max(topK * 4, 20);
        var vectorTask = VectorSideAsync(tenantId, query, documentIds, depth, ct);
        var keywordTask = KeywordSideAsync(tenantId, query, documentIds, depth, ct);
        var warnings = new List<string>();
        IReadOnlyList<VectorHit>? vectorHits = null;
        IReadOnlyList<(ChunkRecord Chunk, double Score)>? keywordHits = null;
        try
        {
            vectorHits = await vectorTask;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogSideFailed(ex, "vector");
            // Generic on purpose: the exception's text can name the vector store's host and port, and this reaches API clients.
            warnings.Add("Vector search unavailable; results come from keyword search only.");
        }

        try
        {
            keywordHits = await keywordTask;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogSideFailed(ex, "keyword");
            warnings.Add("Keyword search unavailable; results come from vector search only.");
        }

        var fused = RankFusion.Fuse(
            vectorHits?.Select(h => ((h.Payload.DocumentId, h.Payload.Ordinal), (double)h.Score)).ToList() ?? [],
            keywordHits?.Select(h => ((h.Chunk.DocumentId, h.Chunk.Ordinal), h.Score)).ToList() ?? [],
            options.Value);

        var top = fused.OrderByDescending(f => f.Value.Score).ThenBy(f => f.Key.Item1).ThenBy(f => f.Key.Item2).Take(topK).ToList();
        var texts = keywordHits?.ToDictionary(k => (k.Chunk.DocumentId, k.Chunk.Ordinal), k => k.Chunk) ?? [];
        var missing = top.Where(t => !texts.ContainsKey(t.Key)).Select(t => t.Key).ToList();
        var index = lexical is null || missing.Count == 0 ? null : await lexical.TryGetAsync(tenantId, ct);
        foreach (var chunk in await Lexical.LexicalChunkReader.GetManyAsync(chunks, index, tenantId, missing, ct))
        {
            texts[(chunk.DocumentId, chunk.Ordinal)] = chunk;
        }

        var results = top.Where(t => texts.ContainsKey(t.Key)).Select(t =>
        {
            var chunk = texts[t.Key];
            return new RetrievedChunk(chunk.DocumentId, chunk.Ordinal, chunk.Text, chunk.Page, chunk.Section, t.Value.Score, t.Value.VectorRank, t.Value.KeywordRank);
        }).ToList();
        return new RetrievalResult(results, vectorHits is not null, keywordHits is not null, embedder.Model.IsSemantic ? "semantic" : "lexical", warnings);
    }

    /// <summary>Keyword search over the tenant's in-memory index when this process keeps one (the Api), else in Postgres.</summary>
    private async Task<IReadOnlyList<(ChunkRecord Chunk, double Score)>> KeywordSideAsync(string tenantId, string query, IReadOnlyList<Guid>? documentIds, int depth, CancellationToken ct)
    {
        var index = lexical is null ? null : await lexical.TryGetAsync(tenantId, ct);
        return await keywords.SearchAsync(tenantId, query, documentIds, depth, index, ct);
    }

    private async Task<IReadOnlyList<VectorHit>> VectorSideAsync(string tenantId, string query, IReadOnlyList<Guid>? documentIds, int depth, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            var embedded = await embedder.EmbedAsync([query], ct);
            var hits = await vectors.SearchAsync(embedder.Model, new VectorQuery(tenantId, embedded[0].Vector, documentIds, depth), ct);
            outcome = "ok";
            return hits;
        }
        finally
        {
            TaskTelemetry.RecordVectorSearch(outcome, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Side} side of retrieval failed; answering with the other side")]
    private partial void LogSideFailed(Exception ex, string side);
}
