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
        var references = await BlockingReferencesAsync(run, ct);
        var worker = await run.Stack.StartWorkerAsync("default,llm", options.LlmWorkers, ct);
        var results = new List<ScenarioResult>();
        try
        {
            // Warm-up, not measured: the first burst pays for JIT, growing connection pools and opening connections to the model,
            // which a server that has been up a while has already done.
            var warmUp = Math.Min(100, options.GenerationCounts.Max());
            await ConcurrentTasks.RunAsync(run, warmUp, (i, token) => run.Platform.SubmitGenerationAsync($"Warm-up {i}", token), ct);
            await ConcurrentTasks.RunAsync(run, warmUp, async (i, token) => await run.Platform.SubmitNoopAsync(1000, 1, token), ct);

            foreach (var n in options.GenerationCounts)
            {
                results.Add(await MeasureAsync(run, Name, n, references[n], "POST /api/v1/exercises/generate (1 multiple-choice exercise), test server 1 s per completion",
                    (i, token) => run.Platform.SubmitGenerationAsync($"Photosynthesis, part {i}", token), ct));
            }

            foreach (var n in options.GenerationCounts)
            {
                results.Add(await MeasureAsync(run, AwaitName, n, references[n], "POST /api/v1/diagnostics/noop {durationMs:1000, steps:1}",
                    async (i, token) => await run.Platform.SubmitNoopAsync(1000, 1, token), ct));
            }
        }
        finally
        {
            await run.Stack.StopWorkerAsync(worker);
        }

        return results;
    }

    /// <summary>
    /// The blocking caller, measured for each N up to <see cref="BenchOptions.BlockingRequests"/>; a larger N would take
    /// minutes, so its wall time is estimated from the largest measured run's rate and says so.
    /// </summary>
    private static async Task<Dictionary<int, ReferenceResult>> BlockingReferencesAsync(BenchRun run, CancellationToken ct)
    {
        var options = run.Options;
        var references = new Dictionary<int, ReferenceResult>();
        ReferenceResult? largest = null;
        foreach (var n in options.GenerationCounts.Where(n => n <= options.BlockingRequests).Append(options.BlockingRequests).Distinct().Order())
        {
            var blocking = await Task.Factory.StartNew(() => BlockingLlmCaller.Run(run.Stack.Llm.BaseUrl, n, options.BlockingThreads),
                ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            largest = references[n] = new ReferenceResult(
                $"blocking: {options.BlockingThreads} threads, synchronous HttpClient.Send, {n} completions",
                Math.Round(blocking.Wall.TotalSeconds, 3), blocking.LatenciesMs.Count,
                Math.Round(blocking.LatenciesMs.Count / blocking.Wall.TotalSeconds, 2), Percentiles.Of(blocking.LatenciesMs));
        }

        foreach (var n in options.GenerationCounts.Where(n => n > options.BlockingRequests))
        {
            references[n] = largest! with
            {
                Name = $"blocking: {options.BlockingThreads} threads, {n} completions estimated from the {largest!.Count}-call run's rate",
                DurationSeconds = Math.Round(n / largest.Rate, 1),
                Count = n,
            };
        }

        return references;
    }

    private static async Task<ScenarioResult> MeasureAsync(
        BenchRun run, string scenario, int n, ReferenceResult reference, string what, Func<int, CancellationToken, Task<Guid?>> submit, CancellationToken ct)
    {
        var workload = $"{n} concurrent tasks: {what}; 1 Worker process, {run.Options.LlmWorkers} workers";
        run.Stack.Llm.ResetCounters();
        var measured = await ConcurrentTasks.RunAsync(run, n, submit, ct);
        var llm = run.Stack.Llm;
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
            Ratio = Math.Round(reference.DurationSeconds / m.Wall.TotalSeconds, 2),
            RatioMeaning = "speed-up: blocking wall time / platform wall time for the same number of calls",
            Status = m.Failed == 0 ? "ok" : $"failed: {m.Failed} of {n} tasks did not succeed, first: {m.FirstError}",
            Notes = (llm.TotalRequests > 0 ? $"{llm.TotalRequests} LLM calls, at most {llm.MaxConcurrentRequests} at once; " : "")
                + $"all {n} submitted within {m.Submit.TotalSeconds:0.00} s",
        };
    }
}
