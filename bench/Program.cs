using System.Diagnostics;
using Npgsql;
using TaskRunner.Bench;
using TaskRunner.Bench.Infrastructure;
using TaskRunner.Bench.Measurement;
using TaskRunner.Bench.References;
using TaskRunner.Bench.Reporting;
using TaskRunner.Bench.Scenarios;

// The benchmark (issue #5): starts the real stack, runs every scenario with its reference, writes the results.
// Usage: dotnet TaskRunner.Bench.dll [--quick] [--only NAME] [--out DIR] [--logs DIR] [--root REPO]
var options = BenchOptions.Parse(args);

// The stores map snake_case columns as every TaskRunner process does (AddPersistence sets this at start); several
// scenarios use the stores directly, and Dapper caches a type's mapping the first time it reads one.
Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
var ct = cancel.Token;
// The bench is a load generator and hosts references that block (Hangfire's client, the blocking caller): with the
// default minimum of one thread per core, the pool would grow too slowly and the bench would measure itself.
ThreadPool.SetMinThreads(128, 128);
var clock = Stopwatch.StartNew();
Console.WriteLine($"TaskRunner bench ({(options.Quick ? "quick" : "full")}): results to {options.OutputDirectory}, logs in {options.LogsDirectory}");

var results = new List<ScenarioResult>();
string postgresVersion;
await using (var stack = await BenchStack.StartAsync(options, ct))
{
    await using (var version = stack.DataSource.CreateCommand("show server_version"))
    {
        postgresVersion = (string)(await version.ExecuteScalarAsync(ct))!;
    }

    await using var bare = await BareEndpoint.StartAsync(stack.DataSource, ct);
    using var bareClient = BenchHttp.Create(bare.BaseUrl);
    var run = new BenchRun(options, stack, new PlatformClient(stack.Api), bare, bareClient);
    (string Name, Func<BenchRun, CancellationToken, Task<IReadOnlyList<ScenarioResult>>> Run)[] scenarios =
    [
        (EnqueueScenario.Name, EnqueueScenario.RunAsync),
        (StatusScenario.Name, StatusScenario.RunAsync),
        (JobOverheadScenario.Name, JobOverheadScenario.RunAsync),
        (GenerationScenario.Name, GenerationScenario.RunAsync),
        (IngestionScenario.Name, IngestionScenario.RunAsync),
        (FanOutScenario.Name, FanOutScenario.RunAsync),
        (VectorSearchScenario.Name, VectorSearchScenario.RunAsync),
        (BatchScenario.Name, BatchScenario.RunAsync),
        (KeywordSearchScenario.Name, KeywordSearchScenario.RunAsync),
        (QualityScenario.Name, QualityScenario.RunAsync),
        (EmbeddingThroughputScenario.Name, EmbeddingThroughputScenario.RunAsync),
        (IdleAndPickupScenario.Name, IdleAndPickupScenario.RunAsync),
        (EtaAccuracyScenario.Name, EtaAccuracyScenario.RunAsync),
        (ChatRetrievalScenario.Name, ChatRetrievalScenario.RunAsync),
        (ChatScenario.Name, ChatScenario.RunAsync),
        (QueryEmbeddingScenario.Name, QueryEmbeddingScenario.RunAsync),
        (PriorityScenario.Name, PriorityScenario.RunAsync),
    ];
    foreach (var (name, scenario) in scenarios.Where(s => options.Only is null || s.Name.Contains(options.Only, StringComparison.OrdinalIgnoreCase)))
    {
        var started = clock.Elapsed;
        Console.WriteLine($"[{started.TotalSeconds,6:0.0}s] {name} …");
        try
        {
            var rows = await scenario(run, ct);
            results.AddRange(rows);
            foreach (var row in rows)
            {
                Console.WriteLine($"          {row.Scenario} c={row.Concurrency}: {row.Rate} {row.RateUnit}, p50/p95/p99 {row.LatencyMs?.P50}/{row.LatencyMs?.P95}/{row.LatencyMs?.P99} ms, ratio {row.Ratio} — {row.Status}");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Console.WriteLine($"          {name} failed: {ex}");
            results.Add(ScenarioResult.FailedRun(name, "(did not complete)", ex));
        }
    }
}

NpgsqlConnection.ClearAllPools();
var report = new BenchReport(MachineInfo.Current(postgresVersion), options.Quick ? "quick" : "full", Math.Round(clock.Elapsed.TotalSeconds, 1), results);
await ResultWriter.WriteAsync(report, options.OutputDirectory, ct);
Console.WriteLine(MarkdownReport.Render(report));
var failures = results.Count(r => r.IsFailure);
Console.WriteLine(failures == 0 ? "Every scenario completed." : $"{failures} scenario row(s) failed.");
return failures == 0 ? 0 : 1;
