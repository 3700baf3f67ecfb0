using TaskRunner.Bench.Measurement;
using TaskRunner.Bench.References;

namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// Scenario 4: N concurrent exercise generations (<c>POST /api/v1/exercises/generate</c>) against the test server at
/// 1 s per completion, wall time to all succeeded; and 4b: N one-second no-op awaits through the same job system.
/// Reference: the same completions made by a fixed pool of threads doing blocking calls, one at a time each.
/// </summary>
public static class GenerationScenario
{
    public const string Name = "4. LLM-bound generation";
    public const string AwaitName = "4b. 1-second awaits";

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchRun run, CancellationToken ct)
    {
        var options = run.Options;
        var blocking = await Task.Factory.StartNew(
            () => BlockingLlmCaller.Run(run.Stack.Llm.BaseUrl, options.BlockingRequests, options.BlockingThreads),
            ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var reference = new ReferenceResult(
            $"blocking: {options.BlockingThreads} threads, synchronous HttpClient.Send, {options.BlockingRequests} completions",
            Math.Round(blocking.Wall.TotalSeconds, 3), blocking.LatenciesMs.Count, Math.Round(blocking.LatenciesMs.Count / blocking.Wall.TotalSeconds, 2),
            Percentiles.Of(blocking.LatenciesMs));

        var worker = await run.Stack.StartWorkerAsync("default,llm", options.LlmWorkers, ct);
        var results = new List<ScenarioResult>();
        try
        {
            foreach (var n in options.GenerationCounts)
            {
                results.Add(await MeasureAsync(run, Name, n, reference, "POST /api/v1/exercises/generate (1 multiple-choice exercise)",
                    (i, token) => run.Platform.SubmitGenerationAsync($"Photosynthesis, part {i}", token), ct));
            }

            foreach (var n in options.GenerationCounts)
            {
                results.Add(await MeasureAsync(run, AwaitName, n, reference, "POST /api/v1/diagnostics/noop {durationMs:1000, steps:1}",
                    async (i, token) => await run.Platform.SubmitNoopAsync(1000, 1, token), ct));
            }
        }
        finally
        {
            await run.Stack.StopWorkerAsync(worker);
        }

        return results;
    }

    private static async Task<ScenarioResult> MeasureAsync(
        BenchRun run, string scenario, int n, ReferenceResult reference, string what, Func<int, CancellationToken, Task<Guid?>> submit, CancellationToken ct)
    {
        var workload = $"{n} concurrent tasks: {what}; LLM test server 1 s per call; 1 Worker process, {run.Options.LlmWorkers} workers";
        var measured = await ConcurrentTasks.RunAsync(run, n, submit, ct);
        if (measured is not { } m)
        {
            return new ScenarioResult { Scenario = scenario, Workload = workload, Concurrency = n, Status = "skipped: endpoint missing" };
        }

        var rate = m.Succeeded / m.Wall.TotalSeconds;
        return new ScenarioResult
        {
            Scenario = scenario,
            Workload = workload,
            Concurrency = n,
            DurationSeconds = Math.Round(m.Wall.TotalSeconds, 3),
            Count = m.Succeeded,
            Rate = Math.Round(rate, 1),
            RateUnit = "tasks/s",
            LatencyMeaning = "submit → finished (createdAt → finishedAt)",
            LatencyMs = m.Latency,
            Failed = m.Failed,
            Reference = reference,
            Ratio = reference.Rate > 0 ? Math.Round(rate / reference.Rate, 2) : null,
            RatioMeaning = "speed-up: platform tasks/s / blocking calls/s",
            Status = m.Failed == 0 ? "ok" : $"failed: {m.Failed} of {n} tasks did not succeed, first: {m.FirstError}",
        };
    }
}
