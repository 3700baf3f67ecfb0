using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using TaskRunner.Bench.Measurement;
using TaskRunner.Ingestion.Documents;
using TaskRunner.Retrieval;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Retrieval.Graph;
using TaskRunner.Retrieval.Lexical;
using TaskRunner.Retrieval.Passages;
using TaskRunner.Retrieval.VectorStore.Postgres;

namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// Issue #13, retrieval: the chat gateway's parallel retrieval (vector, keyword and graph sources at once, fused) over
/// about 10,000 ingested chunks at concurrency 50, in this process with the platform's own classes; reference: each
/// source alone at the same concurrency over the same questions, and the ratio is parallel P95 / slowest source P95
/// (parallel should cost about the slowest source, not the sum).
/// </summary>
public static class ChatRetrievalScenario
{
    public const string Name = "13a. Chat retrieval";
    private const int Concurrency = 50;

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchRun run, CancellationToken ct)
    {
        var held = await ChatCorpus.EnsureAsync(run, run.Options.Quick ? 500 : 10_000, ct);
        var questions = ChatCorpus.Questions(run.Options.Quick ? 50 : 1000);
        await using var db = NpgsqlDataSource.Create(run.Stack.Database.WithPool(100));
        using var vectors = new PostgresVectorStore(db);
        var sources = new PassageSourceOptions { VectorTimeoutMs = 60_000, KeywordTimeoutMs = 60_000, GraphTimeoutMs = 60_000 };
        using var lexical = LexicalIndexSet.Create(db, new LexicalIndexOptions(), TimeProvider.System, NullLogger<LexicalIndexSet>.Instance);
        var retriever = new PassageRetriever(new HashingEmbedder(), vectors, new KeywordSearch(db, new TokenFrequencies(db)), new GraphSearch(new GraphStore(db)),
            new ChunkStore(db), Options.Create(new RetrievalOptions()), Options.Create(sources), NullLogger<PassageRetriever>.Instance,
            lexical); // as the Api retrieves

        // Warm-up, not measured: the vector cache loads the tenant, statistics are read, the JIT compiles.
        await LoadRunner.RunAsync(Math.Min(100, questions.Count), 10, (i, token) => retriever.SearchAsync(ChatCorpus.Tenant, questions[i], null, 15, token), ct);

        // CPU per question of each source alone: this process (where the platform's retrieval code runs here) and the
        // run database's Postgres backends.
        var alone = new Dictionary<PassageSource, LoadResult>();
        var cpu = new List<string>();
        foreach (var source in Enum.GetValues<PassageSource>())
        {
            var accounting = await CpuAccounting.StartAsync(0, run.Stack.DataSource, ct);
            alone[source] = await LoadRunner.RunAsync(questions.Count, Concurrency,
                (i, token) => retriever.RunSourceAsync(source, ChatCorpus.Tenant, questions[i], null, 45, token), ct);
            var (_, _, postgres, process) = await accounting.PerOperationAsync(questions.Count, ct);
            cpu.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{PassageRetriever.NameOf(source)} {process:0.0} ms here + {postgres:0.0} ms Postgres"));
        }

        var parallel = await LoadRunner.RunAsync(questions.Count, Concurrency, (i, token) => retriever.SearchAsync(ChatCorpus.Tenant, questions[i], null, 15, token), ct);
        var slowest = alone.MaxBy(a => a.Value.Latency?.P95 ?? 0);
        var sum = alone.Values.Sum(a => a.Latency?.P95 ?? 0);
        return
        [
            new ScenarioResult
            {
                Scenario = Name,
                Workload = $"parallel retrieval (vector + keyword + graph, fused, top 15 of 45 per source) over {held:N0} chunks, {questions.Count} questions",
                Concurrency = Concurrency,
                DurationSeconds = Math.Round(parallel.Wall.TotalSeconds, 3),
                Count = parallel.Succeeded,
                Rate = Math.Round(parallel.PerSecond, 1),
                LatencyMeaning = "one retrieval",
                LatencyMs = parallel.Latency,
                Failed = parallel.Failed,
                Reference = new ReferenceResult($"slowest single source alone ({PassageRetriever.NameOf(slowest.Key)}), same questions and concurrency",
                    Math.Round(slowest.Value.Wall.TotalSeconds, 3), slowest.Value.Succeeded, Math.Round(slowest.Value.PerSecond, 1), slowest.Value.Latency),
                Ratio = slowest.Value.Latency?.P95 > 0 ? Math.Round(parallel.Latency!.P95 / slowest.Value.Latency.P95, 2) : null,
                RatioMeaning = "parallel P95 / slowest single source P95 (about 1 means parallel costs the slowest source, not the sum)",
                Status = parallel.Failed == 0 ? "ok" : $"failed: {parallel.Failed} retrievals failed, first: {parallel.FirstError}",
                Notes = string.Join("; ", alone.Select(a => $"{PassageRetriever.NameOf(a.Key)} alone p50/p95 {a.Value.Latency?.P50}/{a.Value.Latency?.P95} ms")) +
                    $"; sum of the three P95s {Math.Round(sum, 1)} ms; keyword, graph and chunk texts from the in-memory lexical index as in the Api ({string.Join(", ", lexical.Loaded().Select(l => $"{l.Chunks:N0} chunks in {l.Documents} documents, about {l.Bytes / (1024.0 * 1024):0} MB"))}); one Npgsql pool of 100 connections shared by all; CPU per question alone: {string.Join(", ", cpu)}",
            },
        ];
    }
}
