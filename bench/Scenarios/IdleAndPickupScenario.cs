using TaskRunner.Bench.Infrastructure;
using TaskRunner.Bench.Measurement;

namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// Scenario 12 (issue #12): what an idle Worker costs Postgres, and how soon an idle system starts a task.
/// Idle cost: transactions per second in the run's database (<c>pg_stat_database</c>; each statement outside an explicit
/// transaction is one) with only the Api connected, then with one idle Worker as shipped, and with one configured as
/// before #12 (poll every 250 ms, no LISTEN/NOTIFY); the Worker's figure is the difference. Pickup: single no-op tasks
/// submitted one at a time to the idle shipped Worker, submit → running from the task's createdAt → startedAt.
/// </summary>
public static class IdleAndPickupScenario
{
    public const string Name = "12. Idle cost and pickup";

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchRun run, CancellationToken ct)
    {
        var window = TimeSpan.FromSeconds(run.Options.Quick ? 5 : 30);
        var apiOnly = await TransactionsPerSecondAsync(run, window, ct);
        var results = new List<ScenarioResult>();

        var shipped = await run.Stack.StartShippedWorkerAsync("default,embed,ingest,llm", ct);
        try
        {
            // Let start-up work (migrations check, recurring job registration, first sweeps) pass before measuring.
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
            var withWorker = await TransactionsPerSecondAsync(run, window, ct);
            var before = await OldDefaultsAsync(run, window, ct);
            var worker = Math.Max(0, withWorker - apiOnly);
            results.Add(new ScenarioResult
            {
                Scenario = Name,
                Workload = $"idle cost: one idle Worker as shipped (all queues), transactions/s it adds to Postgres over {window.TotalSeconds:0} s",
                Concurrency = 1,
                DurationSeconds = window.TotalSeconds,
                Rate = Math.Round(worker, 2),
                RateUnit = "statements/s (idle Worker)",
                Reference = new ReferenceResult("the same idle Worker configured as before #12 (Hangfire__QueuePollIntervalMs=250, Hangfire__EnableLongPolling=false)",
                    window.TotalSeconds, 0, Math.Round(before, 2), null),
                Ratio = before > 0 ? Math.Round(worker / before, 3) : null,
                RatioMeaning = "idle Worker statements/s as shipped / as before #12 (lower is better)",
                Notes = $"the Api alone, idle: {apiOnly:0.00} statements/s (subtracted); with the Worker: {withWorker:0.00}",
            });

            results.Add(await PickupAsync(run, ct));
        }
        finally
        {
            await run.Stack.StopWorkerAsync(shipped);
        }

        return results;
    }

    private static async Task<double> OldDefaultsAsync(BenchRun run, TimeSpan window, CancellationToken ct)
    {
        var apiAndShipped = await TransactionsPerSecondAsync(run, window, ct);
        var old = await run.Stack.StartShippedWorkerAsync("default,embed,ingest,llm", ct, new Dictionary<string, string>
        {
            ["Hangfire__QueuePollIntervalMs"] = "250",
            ["Hangfire__EnableLongPolling"] = "false",
        });
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
            return Math.Max(0, await TransactionsPerSecondAsync(run, window, ct) - apiAndShipped);
        }
        finally
        {
            await run.Stack.StopWorkerAsync(old);
        }
    }

    /// <summary>Transactions per second over <paramref name="window"/>, less the bench's own two reads.</summary>
    private static async Task<double> TransactionsPerSecondAsync(BenchRun run, TimeSpan window, CancellationToken ct)
    {
        var before = await DatabaseActivity.TransactionsAsync(run.Stack.DataSource, ct);
        await Task.Delay(window, ct);
        var after = await DatabaseActivity.TransactionsAsync(run.Stack.DataSource, ct);
        return (after - before - 1) / window.TotalSeconds;
    }

    private static async Task<ScenarioResult> PickupAsync(BenchRun run, CancellationToken ct)
    {
        var n = run.Options.Quick ? 10 : 100;
        var errorsBefore = run.Platform.ServerErrors;
        var ids = new List<Guid>(n);
        for (var i = 0; i < n; i++)
        {
            ids.Add(await run.Platform.SubmitNoopAsync(0, 1, ct));
            // One at a time on an idle system: the next task comes after this one has long been picked up.
            await Task.Delay(150, ct);
        }

        var (_, succeeded, failed) = await TaskWaiter.WaitAllFinalAsync(run.Stack.DataSource, ids, System.Diagnostics.Stopwatch.GetTimestamp(), TimeSpan.FromMinutes(1), ct);
        var tasks = await TaskWaiter.ReadAllAsync(run.Platform, ids, ct);
        var latency = Percentiles.Of(tasks.Select(t => TaskWaiter.Between(t, t => t.CreatedAt, t => t.StartedAt)).OfType<double>());
        var serverErrors = run.Platform.ServerErrors - errorsBefore;
        return new ScenarioResult
        {
            Scenario = Name,
            Workload = $"pickup latency: {n} no-op tasks submitted one at a time (150 ms apart) to one idle Worker as shipped",
            Concurrency = 1,
            Count = succeeded,
            Failed = failed,
            LatencyMeaning = "submit → running (createdAt → startedAt, both Postgres's clock)",
            LatencyMs = latency,
            RateUnit = "tasks",
            Status = failed == 0 && serverErrors == 0 ? "ok" : $"failed: {failed} tasks did not succeed, {serverErrors} answers ≥ 500",
            Notes = $"#12 aims at p50 ≤ 50 ms; answers ≥ 500: {serverErrors}",
        };
    }
}
