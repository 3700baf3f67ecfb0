using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskRunner.Ingestion.Documents;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Retrieval.Graph;
using TaskRunner.Retrieval.Lexical;
using TaskRunner.Retrieval.VectorStore;

namespace TaskRunner.Retrieval.Passages;

/// <summary>
/// Retrieval for the chat gateway: vector search, keyword search and graph expansion run in parallel, each under its
/// own deadline (<see cref="PassageSourceOptions"/>). Vector and keyword rankings are fused as <see cref="HybridRetriever"/>
/// fuses them (<see cref="RankFusion"/>); the graph's ranking joins with <see cref="PassageSourceOptions.GraphWeight"/>.
/// A source that fails or times out is left out, and the result says so, so the others still answer.
/// In the Api, keyword search, graph expansion and the passages' texts come from the tenant's in-memory
/// <see cref="LexicalIndexSet"/> (no query per question); elsewhere, or while a tenant is not indexed, from Postgres.
/// </summary>
public sealed partial class PassageRetriever(
    IEmbeddingProvider embedder,
    IVectorStore vectors,
    KeywordSearch keywords,
    GraphSearch graph,
    ChunkStore chunks,
    IOptions<RetrievalOptions> fusion,
    IOptions<PassageSourceOptions> sources,
    ILogger<PassageRetriever> logger,
    LexicalIndexSet? lexical = null)
{
    public static string NameOf(PassageSource source) => source.ToString().ToLowerInvariant();

    public async Task<PassageSearchResult> SearchAsync(string tenantId, string query, IReadOnlyList<Guid>? documentIds, int limit, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var depth = Math.Max(limit * 3, 20);
        var all = Enum.GetValues<PassageSource>();
        var runs = all.Select(s => RunWithDeadlineAsync(s, tenantId, query, documentIds, depth, ct)).ToArray();
        var outcomes = await Task.WhenAll(runs);
        var ranked = all.Zip(outcomes).ToDictionary(p => p.First, p => p.Second.Hits?.Ranked);

        var fused = RankFusion.Fuse(ranked[PassageSource.Vector] ?? [], ranked[PassageSource.Keyword] ?? [], fusion.Value);
        var graphHits = ranked[PassageSource.Graph] ?? [];
        var graphScores = Normalise(graphHits, sources.Value.GraphWeight);
        var graphRanks = new Dictionary<(Guid, int), int>();
        for (var i = 0; i < graphHits.Count; i++)
        {
            graphRanks[graphHits[i].Key] = i + 1;
            var current = fused.GetValueOrDefault(graphHits[i].Key);
            fused[graphHits[i].Key] = (current.Score + graphScores[i], current.VectorRank, current.KeywordRank);
        }

        var top = fused.OrderByDescending(f => f.Value.Score).ThenBy(f => f.Key.Item1).ThenBy(f => f.Key.Item2).Take(limit).ToList();
        // Keyword hits arrive with their chunks; only the passages the other sources alone found cost a query.
        var texts = outcomes.SelectMany(o => o.Hits?.Chunks ?? []).DistinctBy(c => (c.DocumentId, c.Ordinal)).ToDictionary(c => (c.DocumentId, c.Ordinal));
        var missing = top.Select(t => t.Key).Where(k => !texts.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            var fetching = Stopwatch.GetTimestamp();
            foreach (var chunk in await LexicalChunkReader.GetManyAsync(chunks, await LexicalAsync(tenantId, ct), tenantId, missing, ct))
            {
                texts[(chunk.DocumentId, chunk.Ordinal)] = chunk;
            }

            ChatTelemetry.Record(ChatTelemetry.Chunks, fetching);
        }

        var passages = top.Where(t => texts.ContainsKey(t.Key)).Select(t =>
        {
            var chunk = texts[t.Key];
            return new RetrievedPassage(chunk.DocumentId, chunk.Id, chunk.Ordinal, chunk.Page, chunk.Section, chunk.Text, t.Value.Score,
                t.Value.VectorRank, t.Value.KeywordRank, graphRanks.TryGetValue(t.Key, out var g) ? g : null);
        }).ToList();
        ChatTelemetry.Record(ChatTelemetry.Retrieval, started);
        return new PassageSearchResult(passages, all.Zip(outcomes).ToDictionary(p => NameOf(p.First), p => p.Second.Status));
    }

    /// <summary>One source alone, ranked best first (the benchmark measures each source by itself through this).</summary>
    public async Task<IReadOnlyList<((Guid DocumentId, int Ordinal) Key, double Score)>> RunSourceAsync(
        PassageSource source, string tenantId, string query, IReadOnlyList<Guid>? documentIds, int depth, CancellationToken ct) =>
        (await RunAsync(source, tenantId, query, documentIds, depth, ct)).Ranked;

    private async Task<SourceHits> RunAsync(PassageSource source, string tenantId, string query, IReadOnlyList<Guid>? documentIds, int depth, CancellationToken ct) => source switch
    {
        PassageSource.Vector => new SourceHits(await VectorAsync(tenantId, query, documentIds, depth, ct), null),
        PassageSource.Keyword => await KeywordAsync(tenantId, query, documentIds, depth, ct),
        _ => new SourceHits(await graph.SearchAsync(tenantId, query, documentIds, depth, await LexicalAsync(tenantId, ct), ct), null),
    };

    /// <summary>The tenant's in-memory index when this process keeps one (the Api), else null: the sources then query Postgres.</summary>
    private async Task<TenantLexicalIndex?> LexicalAsync(string tenantId, CancellationToken ct) =>
        lexical is null ? null : await lexical.TryGetAsync(tenantId, ct);

    private async Task<(SourceHits? Hits, string Status)> RunWithDeadlineAsync(
        PassageSource source, string tenantId, string query, IReadOnlyList<Guid>? documentIds, int depth, CancellationToken ct)
    {
        var timeout = TimeSpan.FromMilliseconds(source switch
        {
            PassageSource.Vector => sources.Value.VectorTimeoutMs,
            PassageSource.Keyword => sources.Value.KeywordTimeoutMs,
            _ => sources.Value.GraphTimeoutMs,
        });
        var started = Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            // Task.Run: a source that blocks before its first await (a CPU-bound embedder) must not hold up the others.
            var hits = await Task.Run(() => RunAsync(source, tenantId, query, documentIds, depth, deadline.Token), deadline.Token)
                .WaitAsync(timeout, ct);
            ChatTelemetry.Record(NameOf(source), started);
            return (hits, SourceStatus.Ok);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && (ex is TimeoutException || (ex is OperationCanceledException && deadline.IsCancellationRequested)))
        {
            LogSourceTimedOut(NameOf(source), timeout.TotalMilliseconds);
            return (null, SourceStatus.Timeout);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            LogSourceFailed(ex, NameOf(source));
            return (null, SourceStatus.Failed);
        }
    }

    private async Task<IReadOnlyList<((Guid, int) Key, double Score)>> VectorAsync(string tenantId, string query, IReadOnlyList<Guid>? documentIds, int depth, CancellationToken ct)
    {
        var embedding = Stopwatch.GetTimestamp();
        var embedded = await embedder.EmbedAsync([query], ct);
        ChatTelemetry.Record(ChatTelemetry.Embed, embedding);
        var hits = await vectors.SearchAsync(embedder.Model, new VectorQuery(tenantId, embedded[0].Vector, documentIds, depth), ct);
        return hits.Select(h => ((h.Payload.DocumentId, h.Payload.Ordinal), (double)h.Score)).ToList();
    }

    private async Task<SourceHits> KeywordAsync(string tenantId, string query, IReadOnlyList<Guid>? documentIds, int depth, CancellationToken ct)
    {
        var hits = await keywords.SearchAsync(tenantId, query, documentIds, depth, await LexicalAsync(tenantId, ct), ct);
        return new SourceHits(hits.Select(h => ((h.Chunk.DocumentId, h.Chunk.Ordinal), h.Score)).ToList(), hits.Select(h => h.Chunk).ToList());
    }

    private static double[] Normalise(IReadOnlyList<((Guid, int) Key, double Score)> ranked, double weight)
    {
        if (ranked.Count == 0) return [];
        var high = ranked.Max(r => r.Score);
        var low = ranked.Min(r => r.Score);
        return ranked.Select(r => weight * (high > low ? (r.Score - low) / (high - low) : 1.0)).ToArray();
    }

    /// <summary>A source's ranking, and the chunks themselves when the source read them anyway (keyword search does).</summary>
    private sealed record SourceHits(IReadOnlyList<((Guid DocumentId, int Ordinal) Key, double Score)> Ranked, IReadOnlyList<ChunkRecord>? Chunks);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Source} source of chat retrieval failed; answering from the others")]
    private partial void LogSourceFailed(Exception ex, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Source} source of chat retrieval passed its {TimeoutMs} ms deadline; answering from the others")]
    private partial void LogSourceTimedOut(string source, double timeoutMs);
}
