using TaskRunner.Bench.Infrastructure;
using TaskRunner.Bench.Measurement;
using TaskRunner.Bench.References;

namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// Scenario 4: N concurrent exercise generations (<c>POST /api/v1/exercises/generate</c>) against the test server at
/// 1 s per completion, wall time to all succeeded, with ONE Worker process whose waiting steps run on its async
/// executor; 4b: N one-second no-op awaits through the same job system; 4c: 100 generations with a Worker as shipped.
/// Reference (issue #12): a bare <c>Task.WhenAll</c> of the same N streaming completions to the same test server,
/// measured right before each platform run.
/// </summary>
public static class GenerationScenario
{
    public const string Name = "4. LLM-bound generation";
    public const string AwaitName = "4b. 1-second awaits";
    public const string ShippedName = "4c. Shipped defaults";

    /// <summary>The most warm-up bursts before the measured rounds.</summary>
    private const int MaxWarmUps = 6;

    /// <summary>A warm-up burst after which no process compiled this many methods leaves the server in its steady state.</summary>
    private const int SteadyMethods = 300;

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchRun run, CancellationToken ct)
    {
        var options = run.Options;
        var largest = options.GenerationCounts.Max();
        var results = new List<ScenarioResult>();

        // The Worker's executor and the global LLM limit sized for the largest burst; its Hangfire worker count as shipped.
        // A shipped Worker drops the bench's LLM limit, so the tuned one sets it again (it ran at the shipped 256 before).
        var tuned = new Dictionary<string, string>
        {
            ["Worker__AsyncConcurrency"] = largest.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Llm__MaxConcurrency"] = Math.Max(1000, largest).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var worker = await run.Stack.StartShippedWorkerAsync("default,llm", ct, tuned);
        var setup = $"1 Worker process, shipped Hangfire workers, Worker__AsyncConcurrency={largest}, Llm__MaxConcurrency={tuned["Llm__MaxConcurrency"]}, Fairness caps off";
        try
        {
            // Warm-up, not measured: the first bursts pay for JIT, growing connection pools and opening connections to the
            // model, which a server that has been up a while has already done. Bursts as large as the largest measured one,
            // each after its reference (the bench's own calls warm up too) and each followed by the wait for tiered
            // compilation to finish, until a burst leaves fewer than SteadyMethods newly compiled methods in every process
            // (each burst moves the hot methods one tier on: instrumented, then optimized), at least two, at most MaxWarmUps.
            using var workerHttp = new HttpClient { BaseAddress = run.Stack.WorkerUrl(worker) };
            var processes = new Dictionary<string, HttpClient> { ["api"] = run.Stack.Api, ["worker"] = workerHttp };
            var bursts = 0;
            var compiled = new List<string>();
            string settled;
            double grew;
            do
            {
                var before = await JitSettling.CountsAsync(processes, ct);
                await StreamingReferenceAsync(run, largest, ct);
                await ConcurrentTasks.RunAsync(run, largest, (i, token) => run.Platform.SubmitGenerationAsync($"Warm-up {bursts}.{i}", token), ct);
                if (bursts == 0)
                {
                    await ConcurrentTasks.RunAsync(run, Math.Min(100, largest), async (i, token) => await run.Platform.SubmitNoopAsync(1000, 1, token), ct);
                }

                settled = await JitSettling.WaitAsync(processes, ct);
                var after = await JitSettling.CountsAsync(processes, ct);
                grew = after.Max(p => p.Value - before.GetValueOrDefault(p.Key));
                compiled.Add(grew.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
                bursts++;
            }
            while (!options.Quick && bursts < MaxWarmUps && (bursts < 2 || grew >= SteadyMethods));

            setup += $"; warm-up: {bursts} × {largest} generations (methods compiled by each: {string.Join(", ", compiled)}) and {Math.Min(100, largest)} no-op tasks, then {settled}";

            foreach (var n in options.GenerationCounts)
            {
                results.Add(await MedianOfRounds.MeasureAsync(n >= 100 && !options.Quick ? MedianOfRounds.Rounds : 1, round =>
                    MeasureAsync(run, worker, Name, n, setup, "POST /api/v1/exercises/generate (1 multiple-choice exercise), test server 1 s per completion",
                        (i, token) => run.Platform.SubmitGenerationAsync($"Photosynthesis, round {round}, part {i}", token), sampleConnections: n == largest, ct)));
            }

            foreach (var n in options.GenerationCounts)
            {
                results.Add(await MeasureAsync(run, worker, AwaitName, n, setup, "POST /api/v1/diagnostics/noop {durationMs:1000, steps:1}",
                    async (i, token) => await run.Platform.SubmitNoopAsync(1000, 1, token), sampleConnections: false, ct));
            }
        }
        finally
        {
            await run.Stack.StopWorkerAsync(worker);
        }

        // What a user gets with no tuning at all (issue #12: 100 one-second generations in at most 3 s).
        var shipped = await run.Stack.StartShippedWorkerAsync("default,llm", ct);
        try
        {
            var n = Math.Min(100, largest);
            await ConcurrentTasks.RunAsync(run, Math.Min(20, n), (i, token) => run.Platform.SubmitGenerationAsync($"Warm-up {i}", token), ct);
            results.Add(await MeasureAsync(run, shipped, ShippedName, n, "1 Worker process with every default as shipped (Llm__MaxConcurrency, Worker__AsyncConcurrency, workers, polling)",
                "POST /api/v1/exercises/generate (1 multiple-choice exercise), test server 1 s per completion",
                (i, token) => run.Platform.SubmitGenerationAsync($"Cell division, part {i}", token), sampleConnections: false, ct));
        }
        finally
        {
            await run.Stack.StopWorkerAsync(shipped);
        }

        return results;
    }

    private static async Task<ReferenceResult> StreamingReferenceAsync(BenchRun run, int n, CancellationToken ct)
    {
        var (wall, latencies, failed) = await ConcurrentStreamingCaller.RunAsync(run.Stack.Llm.BaseUrl, n, ct);
        return new ReferenceResult($"bare Task.WhenAll of {n} streaming completions (OpenAI SDK) to the same test server{(failed > 0 ? $", {failed} failed" : "")}",
            Math.Round(wall.TotalSeconds, 3), latencies.Count, Math.Round(latencies.Count / wall.TotalSeconds, 1), Percentiles.Of(latencies));
    }

    private static async Task<ScenarioResult> MeasureAsync(
        BenchRun run, ChildProcess worker, string scenario, int n, string setup, string what, Func<int, CancellationToken, Task<Guid?>> submit, bool sampleConnections, CancellationToken ct)
    {
        var reference = await StreamingReferenceAsync(run, n, ct);
        var workload = $"{n} concurrent tasks: {what}; {setup}";
        run.Stack.Llm.ResetCounters();
        var errorsBefore = run.Platform.ServerErrors;
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var peaks = sampleConnections ? DatabaseActivity.PeakConnectionsAsync(run.Stack.DataSource, sampling.Token) : null;
        var cpu = await CpuAccounting.StartAsync(run.Stack.ApiProcessId, run.Stack.DataSource, ct, worker.Id);
        var measured = await ConcurrentTasks.RunAsync(run, n, submit, ct, run.Stack.Llm, cpu);
        await sampling.CancelAsync();
        var connections = peaks is null ? null : await peaks;
        var serverErrors = run.Platform.ServerErrors - errorsBefore;
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
            Ratio = Math.Round(m.Wall.TotalSeconds / reference.DurationSeconds, 2),
            RatioMeaning = "platform wall time / bare Task.WhenAll wall time for the same number of calls (lower is better; #12 asks ≤ 1.5× at 1000, ≤ 1.25× at 100)",
            Status = m.Failed == 0 && serverErrors == 0 ? "ok" : $"failed: {m.Failed} of {n} tasks did not succeed, {serverErrors} answers ≥ 500, first: {m.FirstError}",
            Notes = (llm.TotalRequests > 0 ? $"{llm.TotalRequests} LLM calls, at most {llm.MaxConcurrentRequests} at once; " : "")
                + $"all {n} submitted within {m.Submit.TotalSeconds:0.00} s; answers ≥ 500: {serverErrors}; {m.Stages}"
                + (connections is null ? "" : $"; peak Postgres connections per process: {DatabaseActivity.Describe(connections)}"),
        };
    }
}
