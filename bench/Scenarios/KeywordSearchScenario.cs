using System.Diagnostics;
using Npgsql;
using TaskRunner.Bench.Measurement;
using TaskRunner.Ingestion.Documents;
using TaskRunner.Retrieval;

namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// Scenario 8: keyword search (<see cref="KeywordSearch"/>: GIN-indexed tokens, ranking in SQL) over N Chinese chunks
/// of one tenant, called as the Api calls it, at 1 and 8 concurrent searches. Queries are phrases cut from stored
/// chunks (so each has a right answer, which must come back first) and typed queries of a few words; a third row
/// sends pasted paragraphs of about 500 characters, which the search caps to its 32 rarest terms.
/// </summary>
public static class KeywordSearchScenario
{
    public const string Name = "8. Keyword search";
    private const string Tenant = "bench-keywords";
    private const int ChunksPerDocument = 100;
    private const int Limit = 20;

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchRun run, CancellationToken ct)
    {
        var count = run.Options.KeywordChunks;
        var dataSource = run.Stack.DataSource;
        var text = new SyntheticChinese(20261201);
        var texts = Enumerable.Range(0, count).Select(_ => text.Text(text.Next(120) + 140)).ToArray();

        var seed = Stopwatch.StartNew();
        Guid[] documentIds;
        await using (var bulk = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(run.Stack.Database.WithPool(4)) { CommandTimeout = 1800 }.ConnectionString))
        {
            // A bulk import: the GIN index is built once over all rows rather than grown row by row.
            await ExecuteAsync(bulk, "drop index chunks_tokens", ct);
            documentIds = await SeedAsync(bulk, texts, ct);
            await ExecuteAsync(bulk, "set maintenance_work_mem = '256MB'; create index chunks_tokens on chunks using gin (tokens)", ct);
            await ExecuteAsync(bulk, "vacuum (analyze) chunks", ct); // as autovacuum would soon; then it has nothing left to do here
        }

        seed.Stop();
        var search = new KeywordSearch(dataSource, new TokenFrequencies(dataSource));
        var queries = run.Options.Quick ? 50 : 600;
        var phrases = Enumerable.Range(0, queries).Select(i => i % 2 == 0 ? Phrase(text, texts) : (Query: text.Query(text.Next(3) + 2), Expected: -1)).ToArray();
        var pasted = Enumerable.Range(0, queries / 10).Select(_ => text.Text(500)).ToArray();
        await search.SearchAsync(Tenant, phrases[0].Query, null, Limit, ct); // statistics read once, as in a running Api

        var rows = new List<ScenarioResult>();
        foreach (var concurrency in new[] { 1, 8 })
        {
            int first = 0, inTop = 0;
            var load = await LoadRunner.RunAsync(queries, concurrency, async (i, token) =>
            {
                var (query, expected) = phrases[i];
                var hits = await search.SearchAsync(Tenant, query, null, Limit, token);
                var rank = expected < 0 ? -1 : hits.ToList().FindIndex(h => h.Chunk.DocumentId == documentIds[expected / ChunksPerDocument] && h.Chunk.Ordinal == expected % ChunksPerDocument);
                if (rank == 0)
                {
                    Interlocked.Increment(ref first);
                }

                if (rank >= 0)
                {
                    Interlocked.Increment(ref inTop); // other chunks may hold every term of a short phrase too; counted, not failed
                }
            }, ct);
            rows.Add(Row(load, concurrency, $"{count:N0} Chinese chunks (~200 characters) of one tenant; {queries} queries, half phrases of 4–8 characters cut from a chunk, half 2–4 typed words; top {Limit}",
                $"phrase queries whose own chunk came first: {first} of {queries / 2}, in the top {Limit}: {inTop}; seeding {count:N0} chunks with their tokens (ChunkStore), building the GIN index and VACUUM ANALYZE took {seed.Elapsed.TotalSeconds:0.0} s"));
        }

        var longLoad = await LoadRunner.RunAsync(pasted.Length, 8, (i, token) => search.SearchAsync(Tenant, pasted[i], null, Limit, token), ct);
        rows.Add(Row(longLoad, 8, $"the same {count:N0} chunks; {pasted.Length} pasted paragraphs of ~500 characters (hundreds of terms, capped to {KeywordSearch.MaxQueryTerms}); top {Limit}", null));
        return rows;
    }

    private static ScenarioResult Row(LoadResult load, int concurrency, string workload, string? notes) => new()
    {
        Scenario = Name, Workload = workload, Concurrency = concurrency, DurationSeconds = Math.Round(load.Wall.TotalSeconds, 3), Count = load.Succeeded,
        Rate = Math.Round(load.PerSecond, 1), RateUnit = "queries/s", LatencyMeaning = "search", LatencyMs = load.Latency, Failed = load.Failed, Notes = notes,
        Status = load.Failed == 0 ? "ok" : $"failed: {load.Failed} searches failed, first: {load.FirstError}",
    };

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static (string Query, int Expected) Phrase(SyntheticChinese text, string[] texts)
    {
        var index = text.Next(texts.Length);
        var source = texts[index];
        var length = text.Next(5) + 4;
        var start = text.Next(Math.Max(1, source.Length - length));
        return (source.Substring(start, Math.Min(length, source.Length - start)), index);
    }

    private static async Task<Guid[]> SeedAsync(NpgsqlDataSource dataSource, string[] texts, CancellationToken ct)
    {
        var documents = Enumerable.Range(0, (texts.Length + ChunksPerDocument - 1) / ChunksPerDocument).Select(_ => Guid.NewGuid()).ToArray();
        var store = new DocumentStore(dataSource);
        var chunks = new ChunkStore(dataSource);
        await Parallel.ForEachAsync(Enumerable.Range(0, documents.Length), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (d, token) =>
        {
            var id = documents[d];
            await store.InsertAsync(new DocumentRecord
            {
                Id = id, TenantId = Tenant, Title = $"bench {d}", FileName = "bench.txt", Kind = "text", SizeBytes = 1, Sha256 = id.ToString("N"),
                StoragePath = "none", Status = DocumentStatuses.Ready,
            }, token);
            var records = Enumerable.Range(d * ChunksPerDocument, Math.Min(ChunksPerDocument, texts.Length - (d * ChunksPerDocument))).Select(i => new ChunkRecord
            {
                Id = Guid.NewGuid(), DocumentId = id, TenantId = Tenant, Ordinal = i % ChunksPerDocument, Text = texts[i], TokenCount = texts[i].Length, ContentHash = "h",
            }).ToList();
            await chunks.ReplaceAsync(id, records, token);
        });
        return documents;
    }
}
