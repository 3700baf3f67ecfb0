using System.Diagnostics;
using TaskRunner.Bench.Measurement;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Retrieval.VectorStore;
using TaskRunner.Retrieval.VectorStore.Postgres;

namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// Scenario 7: the embedded vector store (Postgres rows plus the per-process cache) holding N chunk vectors of 512
/// dimensions for one tenant: upsert throughput, then top-10 cosine searches. Reference: an exact TensorPrimitives
/// scan over the same vectors already in memory, which is the floor the store's search cannot beat.
/// </summary>
public static class VectorSearchScenario
{
    public const string Name = "7. Embedded vector search";
    private const int Dimension = 512;
    private const int Queries = 50;
    private const int TopK = 10;

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchRun run, CancellationToken ct)
    {
        var count = run.Options.VectorCount;
        var model = new EmbeddingModelInfo("bench", "random-unit-vectors", Dimension, IsSemantic: false);
        var random = new Random(20261123);
        var vectors = Enumerable.Range(0, count).Select(_ => RandomUnitVector(random)).ToArray();
        using var store = new PostgresVectorStore(run.Stack.DataSource);

        var upsert = Stopwatch.StartNew();
        for (var start = 0; start < count; start += 1000)
        {
            var points = Enumerable.Range(start, Math.Min(1000, count - start)).Select(i => new VectorPoint(
                Guid.NewGuid(), vectors[i], new VectorPayload("bench-vectors", DocumentOf(i), i % 100, null, null, "h"))).ToList();
            await store.UpsertAsync(model, points, ct);
        }

        upsert.Stop();
        var queries = Enumerable.Range(0, Queries).Select(_ => RandomUnitVector(random)).ToArray();
        var cold = Stopwatch.StartNew();
        await store.SearchAsync(model, new VectorQuery("bench-vectors", queries[0], null, TopK), ct);
        cold.Stop();

        var platform = new List<double>();
        foreach (var query in queries)
        {
            var started = Stopwatch.GetTimestamp();
            var hits = await store.SearchAsync(model, new VectorQuery("bench-vectors", query, null, TopK), ct);
            platform.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (hits.Count != TopK)
            {
                throw new InvalidOperationException($"Search returned {hits.Count} hits, expected {TopK}.");
            }
        }

        var reference = queries.Select(query =>
        {
            var started = Stopwatch.GetTimestamp();
            VectorMath.TopK(query, vectors, v => v, TopK);
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }).ToList();

        var platformRate = Queries / (platform.Sum() / 1000);
        var referenceRate = Queries / (reference.Sum() / 1000);
        var workload = $"{count:N0} vectors of {Dimension} dimensions, one tenant; top-{TopK} cosine, {Queries} queries one after another";
        return
        [
            new ScenarioResult
            {
                Scenario = Name, Workload = $"upsert {count:N0} vectors of {Dimension} dimensions in batches of 1000", Concurrency = 1,
                DurationSeconds = Math.Round(upsert.Elapsed.TotalSeconds, 3), Count = count, Rate = Math.Round(count / upsert.Elapsed.TotalSeconds, 1),
                RateUnit = "vectors/s", LatencyMeaning = "—",
            },
            new ScenarioResult
            {
                Scenario = Name, Workload = workload, Concurrency = 1, DurationSeconds = Math.Round(platform.Sum() / 1000, 3), Count = Queries,
                Rate = Math.Round(platformRate, 1), RateUnit = "queries/s", LatencyMeaning = "search (warm cache)", LatencyMs = Percentiles.Of(platform),
                Reference = new ReferenceResult("exact TensorPrimitives scan over the same vectors in memory", Math.Round(reference.Sum() / 1000, 3), Queries,
                    Math.Round(referenceRate, 1), Percentiles.Of(reference)),
                Ratio = Math.Round(platformRate / referenceRate, 3), RatioMeaning = "store queries/s / in-memory scan queries/s",
                Notes = $"first search (loads the cache from Postgres) took {cold.Elapsed.TotalMilliseconds:0} ms",
            },
        ];
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
