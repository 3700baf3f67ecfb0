using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using TaskRunner.Ingestion.Documents;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Retrieval;
using TaskRunner.Retrieval.VectorStore;
using TaskRunner.Retrieval.VectorStore.Postgres;

namespace TaskRunner.Testing.Retrieval;

/// <summary>
/// Measures retrieval quality on <see cref="RetrievalEvalSet"/> with the platform's own code against a migrated
/// database: the passages become documents of a fresh tenant (one chunk each), every embedder's vectors go to the
/// embedded store, and each query runs through keyword search (KeywordSearch's SQL), vector search, and the
/// HybridRetriever with each embedder, under both fusions: "hybrid" is the default relative score fusion, "hybrid rrf"
/// reciprocal rank fusion.
/// </summary>
public sealed class RetrievalEvaluator(NpgsqlDataSource dataSource)
{
    public const int Depth = 10;

    public async Task<IReadOnlyList<RetrievalQualityRow>> RunAsync(
        RetrievalEvalSet set, IReadOnlyList<(string Name, IEmbeddingProvider Embedder)> embedders, CancellationToken ct)
    {
        // The stores map snake_case columns as every TaskRunner process does (AddPersistence sets this at start).
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        var tenant = $"quality-{Guid.NewGuid():N}";
        var documentOf = await SeedAsync(set, tenant, ct);
        var chunks = new ChunkStore(dataSource);
        var keywords = new KeywordSearch(dataSource, new TokenFrequencies(dataSource));
        using var store = new PostgresVectorStore(dataSource);
        var ranks = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal) { ["keyword"] = [] };

        foreach (var query in set.Queries)
        {
            var hits = await keywords.SearchAsync(tenant, query.Text, null, Depth, ct);
            ranks["keyword"][query.Id] = RankOf(hits.Select(h => h.Chunk.DocumentId), documentOf[query.Answer]);
        }

        foreach (var (name, embedder) in embedders)
        {
            await IndexAsync(set, tenant, documentOf, embedder, store, ct);
            var hybrid = Hybrid(embedder, store, keywords, chunks, new RetrievalOptions());
            var hybridRrf = Hybrid(embedder, store, keywords, chunks, new RetrievalOptions { Fusion = RankFusion.Rrf });
            var vectorRanks = ranks[$"vector ({name})"] = [];
            var hybridRrfRanks = ranks[$"hybrid rrf ({name})"] = [];
            var hybridRanks = ranks[$"hybrid ({name})"] = [];
            foreach (var query in set.Queries)
            {
                var vector = (await embedder.EmbedAsync([query.Text], ct))[0].Vector;
                var hits = await store.SearchAsync(embedder.Model, new VectorQuery(tenant, vector, null, Depth), ct);
                vectorRanks[query.Id] = RankOf(hits.Select(h => h.Payload.DocumentId), documentOf[query.Answer]);
                var fused = await hybrid.SearchAsync(tenant, query.Text, null, Depth, ct);
                hybridRanks[query.Id] = RankOf(fused.Chunks.Select(c => c.DocumentId), documentOf[query.Answer]);
                var fusedRrf = await hybridRrf.SearchAsync(tenant, query.Text, null, Depth, ct);
                hybridRrfRanks[query.Id] = RankOf(fusedRrf.Chunks.Select(c => c.DocumentId), documentOf[query.Answer]);
            }
        }

        return Aggregate(set, ranks);
    }

    private static List<RetrievalQualityRow> Aggregate(RetrievalEvalSet set, Dictionary<string, Dictionary<string, int>> ranks)
    {
        var rows = new List<RetrievalQualityRow>();
        foreach (var language in set.Queries.Select(q => q.Language).Distinct().Order(StringComparer.Ordinal))
        {
            foreach (var kind in new[] { "all", "lexical", "paraphrase" })
            {
                var slice = set.Queries.Where(q => q.Language == language && (kind == "all" || q.Kind == kind)).ToList();
                foreach (var (method, byQuery) in ranks)
                    rows.Add(RetrievalQualityRow.From(method, language, kind, slice.Select(q => byQuery[q.Id]).ToList()));
            }
        }

        return rows;
    }

    private static HybridRetriever Hybrid(IEmbeddingProvider embedder, IVectorStore store, KeywordSearch keywords, ChunkStore chunks, RetrievalOptions options) =>
        new(embedder, store, keywords, chunks, Options.Create(options), NullLogger<HybridRetriever>.Instance);

    private static int RankOf(IEnumerable<Guid> ranked, Guid answer)
    {
        var rank = 0;
        foreach (var id in ranked.Take(Depth))
        {
            rank++;
            if (id == answer) return rank;
        }

        return 0;
    }

    private async Task<Dictionary<string, Guid>> SeedAsync(RetrievalEvalSet set, string tenant, CancellationToken ct)
    {
        var documents = new DocumentStore(dataSource);
        var chunks = new ChunkStore(dataSource);
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var run = Guid.NewGuid().ToByteArray();
        foreach (var (passage, index) in set.Passages.Select((p, i) => (p, i)))
        {
            // Unique per run, but ordered by the passage's place in the set: equal scores then tie the same way every run.
            var id = new Guid(index, BitConverter.ToInt16(run, 4), BitConverter.ToInt16(run, 6), run[8..]);
            ids[passage.Id] = id;
            await documents.InsertAsync(new DocumentRecord
            {
                Id = id, TenantId = tenant, Title = passage.Id, FileName = passage.Id + ".txt", ContentType = "text/plain", Kind = "text",
                SizeBytes = Encoding.UTF8.GetByteCount(passage.Text), Sha256 = Hash(passage.Text + id), StoragePath = "", Status = DocumentStatuses.Ready,
            }, ct);
            await chunks.ReplaceAsync(id, [new ChunkRecord
            {
                Id = Guid.NewGuid(), DocumentId = id, TenantId = tenant, Ordinal = 0, Text = passage.Text, TokenCount = passage.Text.Length, ContentHash = Hash(passage.Text),
            }], ct);
        }

        return ids;
    }

    private static async Task IndexAsync(RetrievalEvalSet set, string tenant, Dictionary<string, Guid> documentOf, IEmbeddingProvider embedder, IVectorStore store, CancellationToken ct)
    {
        await store.EnsureCollectionAsync(embedder.Model, ct);
        var embedded = await embedder.EmbedAsync(set.Passages.Select(p => p.Text).ToList(), ct);
        var points = set.Passages.Select((p, i) => new VectorPoint(
            VectorPointId.For(documentOf[p.Id], 0), embedded[i].Vector,
            new VectorPayload(tenant, documentOf[p.Id], 0, null, null, Hash(p.Text)))).ToList();
        await store.UpsertAsync(embedder.Model, points, ct);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
