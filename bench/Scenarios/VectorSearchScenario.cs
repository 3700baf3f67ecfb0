using System.Diagnostics;
using TaskRunner.Bench.Measurement;
using TaskRunner.Bench.References;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Retrieval.VectorStore;
using TaskRunner.Retrieval.VectorStore.Postgres;

namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// Scenario 7: the embedded vector store (Postgres rows plus the per-process cache) holding N chunk vectors of 512
/// dimensions for one tenant: upsert throughput, the cold load of the tenant (time, and memory measured with
/// GC.GetTotalMemory before and after), then top-10 cosine searches at 1 and 8 at once. Reference: a dot-product-only
/// scan over the same unit vectors in one contiguous array, the floor the store's search cannot beat.
/// </summary>
public static class VectorSearchScenario
{
    public const string Name = "7. Embedded vector search";
    private const int Dimension = 512;
    private const int TopK = 10;
    private const string Tenant = "bench-vectors";

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchRun run, CancellationToken ct)
    {
        var count = run.Options.VectorCount;
        var queries = run.Options.Quick ? 20 : 400;
        var model = new EmbeddingModelInfo("bench", "random-unit-vectors", Dimension, IsSemantic: false);
        var random = new Random(20261123);
        var rows = new List<ScenarioResult>();
        var vectors = Enumerable.Range(0, count).Select(_ => RandomUnitVector(random)).ToArray();

        var upsert = Stopwatch.StartNew();
        using (var writer = new PostgresVectorStore(run.Stack.DataSource))
        {
            for (var start = 0; start < count; start += 1000)
            {
                var points = Enumerable.Range(start, Math.Min(1000, count - start)).Select(i => new VectorPoint(
                    Guid.NewGuid(), vectors[i], new VectorPayload(Tenant, DocumentOf(i), i % 100, null, null, "h"))).ToList();
                await writer.UpsertAsync(model, points, ct);
            }
        }

        upsert.Stop();
        rows.Add(new ScenarioResult
        {
            Scenario = Name, Workload = $"upsert {count:N0} vectors of {Dimension} dimensions in batches of 1000", Concurrency = 1,
            DurationSeconds = Math.Round(upsert.Elapsed.TotalSeconds, 3), Count = count, Rate = Math.Round(count / upsert.Elapsed.TotalSeconds, 1),
            RateUnit = "vectors/s", LatencyMeaning = "—",
        });

        var queryVectors = Enumerable.Range(0, queries).Select(_ => RandomUnitVector(random)).ToArray();
        using var store = new PostgresVectorStore(run.Stack.DataSource);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var cold = Stopwatch.StartNew();
        await store.SearchAsync(model, new VectorQuery(Tenant, queryVectors[0], null, TopK), ct);
        cold.Stop();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var cached = store.CachedTenants().Single();
        var measuredMb = (after - before) / (1024.0 * 1024.0);
        rows.Add(new ScenarioResult
        {
            Scenario = Name, Workload = $"cold load of a {count:N0}-vector tenant (first search of a new process)", Concurrency = 1,
            DurationSeconds = Math.Round(cold.Elapsed.TotalSeconds, 3), Count = count, Rate = Math.Round(count / cold.Elapsed.TotalSeconds, 1),
            RateUnit = "vectors/s loaded", LatencyMeaning = "—",
            Notes = $"managed memory after − before the load (GC.GetTotalMemory, full collection): {measuredMb:0.0} MB, {measuredMb * 100_000 / count:0.0} MB per 100,000 vectors; " +
                $"the cache's own count: {cached.Bytes / (1024.0 * 1024.0):0.0} MB; vectors alone: {(double)count * Dimension * sizeof(float) / (1024 * 1024):0.0} MB",
        });

        var reference = new ContiguousScan(vectors, Dimension);
        foreach (var concurrency in new[] { 1, 8 })
        {
            var platform = await LoadRunner.RunAsync(queries, concurrency, async (i, token) =>
            {
                var hits = await store.SearchAsync(model, new VectorQuery(Tenant, queryVectors[i], null, TopK), token);
                if (hits.Count != TopK)
                {
                    throw new InvalidOperationException($"Search returned {hits.Count} hits, expected {TopK}.");
                }
            }, ct);
            var scan = await LoadRunner.RunAsync(queries, concurrency, (i, _) =>
            {
                reference.TopK(queryVectors[i], TopK);
                return Task.CompletedTask;
            }, ct);
            rows.Add(Row.Of(Name, $"{count:N0} vectors of {Dimension} dimensions, one tenant; top-{TopK} cosine, {queries} queries, {concurrency} at once (warm cache)", concurrency, platform,
                new ReferenceResult("dot-product-only scan over the same unit vectors in one contiguous float array", scan.Wall.TotalSeconds, scan.Succeeded, scan.PerSecond, scan.Latency)) with
            {
                RateUnit = "queries/s", LatencyMeaning = "search (warm cache)", RatioMeaning = "store queries/s / contiguous scan queries/s",
            });
        }

        return rows;
    }

    private static Guid DocumentOf(int index) => new(index / 100, 0, 0, [0, 0, 0, 0, 0, 0, 0, 1]);

    private static float[] RandomUnitVector(Random random)
    {
        var vector = new float[Dimension];
        for (var i = 0; i < Dimension; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }

        VectorMath.Normalize(vector);
        return vector;
    }
}
