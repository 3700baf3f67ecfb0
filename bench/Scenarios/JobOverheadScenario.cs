using System.Diagnostics;
using Hangfire;
using TaskRunner.Bench.Infrastructure;
using TaskRunner.Bench.Measurement;
using TaskRunner.Bench.References;

namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// Scenario 3: N no-op tasks through Api → Hangfire → Worker → succeeded (tasks/s, enqueue-to-start latency from the
/// task's createdAt → startedAt), against a bare Hangfire.PostgreSql server in the bench process with the same worker count.
/// </summary>
public static class JobOverheadScenario
{
    public const string Name = "3. Job overhead";

    /// <summary>
    /// Rounds of the platform's tasks and the bare Hangfire server in turn. One Worker process serves every round, as the
    /// bench process hosts every round's reference, so both warm up alike over the rounds; the Worker idles (as shipped,
    /// LISTEN plus its slow poll and sweeps) while the reference runs.
    /// </summary>
    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchRun run, CancellationToken ct)
    {
        var worker = await run.Stack.StartWorkerAsync("default", run.Options.JobWorkers, ct);
        try
        {
            return [await MedianOfRounds.MeasureAsync(run.Options.Quick ? 1 : MedianOfRounds.Rounds, _ => MeasureAsync(run, ct))];
        }
        finally
        {
            await run.Stack.StopWorkerAsync(worker);
        }
    }

    /// <summary>One round: the platform's tasks, then the bare Hangfire server's jobs.</summary>
    private static async Task<ScenarioResult> MeasureAsync(BenchRun run, CancellationToken ct)
    {
        var n = run.Options.NoopTasks;
        var workers = run.Options.JobWorkers;
        var ids = new Guid[n];
        var errorsBefore = run.Platform.ServerErrors;
        var transactionsBefore = await DatabaseActivity.TransactionsAsync(run.Stack.DataSource, ct);
        var pollsBefore = TaskWaiter.Polls;
        var started = Stopwatch.GetTimestamp();
        var submitted = await LoadRunner.RunAsync(n, 16, async (i, token) => ids[i] = await run.Platform.SubmitNoopAsync(0, 1, token), ct);
        var (elapsed, succeeded, failed) = await TaskWaiter.WaitAllFinalAsync(run.Stack.DataSource, ids, started, TimeSpan.FromMinutes(5), ct);
        // Backends report their counts at most once a second: wait for the last ones, then leave out the bench's own queries.
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var platformTransactions = await DatabaseActivity.TransactionsAsync(run.Stack.DataSource, ct) - transactionsBefore - (TaskWaiter.Polls - pollsBefore) - 1;
        var serverErrors = run.Platform.ServerErrors - errorsBefore;
        var tasks = await TaskWaiter.ReadAllAsync(run.Platform, ids, ct);
        var startLatency = Percentiles.Of(tasks.Select(t => TaskWaiter.Between(t, t => t.CreatedAt, t => t.StartedAt)).OfType<double>());

        var (reference, referenceTransactions) = await RunReferenceAsync(run, n, workers, ct);
        var rate = succeeded / elapsed.TotalSeconds;
        return new ScenarioResult
        {
            Scenario = Name,
            Workload = $"{n} no-op tasks (POST /api/v1/diagnostics/noop, 16 submitters) → succeeded; 1 Worker process, {workers} workers",
            Concurrency = workers,
            DurationSeconds = Math.Round(elapsed.TotalSeconds, 3),
            Count = succeeded,
            Rate = Math.Round(rate, 1),
            RateUnit = "tasks/s",
            LatencyMeaning = "enqueue → start (createdAt → startedAt)",
            LatencyMs = startLatency,
            Failed = failed,
            Reference = reference,
            Ratio = reference.Rate > 0 ? Math.Round(rate / reference.Rate, 3) : null,
            RatioMeaning = "platform tasks/s / bare Hangfire jobs/s",
            Status = failed == 0 && serverErrors == 0 ? "ok" : $"failed: {failed} tasks did not succeed, {serverErrors} answers ≥ 500, first: {TaskWaiter.FirstError(tasks)}",
            Notes = $"all submitted in {submitted.Wall.TotalSeconds:0.00} s, so start latency includes waiting behind the backlog; "
                + $"Postgres transactions per task (pg_stat_database, submit to final, the idle Api and the Worker's sweeps included): {(double)platformTransactions / n:0.0}, "
                + $"bare Hangfire per job (enqueue to done, the idle Api included): {(double)referenceTransactions / n:0.0}; answers ≥ 500: {serverErrors}",
        };
    }

    private static async Task<(ReferenceResult Result, long Transactions)> RunReferenceAsync(BenchRun run, int n, int workers, CancellationToken ct)
    {
        BareNoopJob.Reset();
        // The same commit mode as the Worker's own Hangfire server (TaskRunner.Tasks.Persistence.CommitMode), so the
        // reference does the same work with the same durability.
        var connectionString = TaskRunner.Tasks.Persistence.CommitMode.WithoutFlushWait(run.Stack.Database.WithPool(BenchStack.WorkerPoolSize));
        using var hangfire = new BareHangfire(connectionString, workers);
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        var transactionsBefore = await DatabaseActivity.TransactionsAsync(run.Stack.DataSource, ct);
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForAsync(0, n, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            (_, _) =>
            {
                hangfire.Client.Enqueue<BareNoopJob>(job => job.Run(Stopwatch.GetTimestamp()));
                return ValueTask.CompletedTask;
            });
        var enqueued = Stopwatch.GetElapsedTime(started);
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (Volatile.Read(ref BareNoopJob.Finished) < n && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, ct);
        }

        var wall = Stopwatch.GetElapsedTime(started, Volatile.Read(ref BareNoopJob.LastFinishedTimestamp));
        // Backends report their counts at most once a second (this includes about a second of idle polling).
        await Task.Delay(TimeSpan.FromSeconds(1.1), ct);
        var transactions = await DatabaseActivity.TransactionsAsync(run.Stack.DataSource, ct) - transactionsBefore - 1;
        using (var pool = new Npgsql.NpgsqlConnection(connectionString))
        {
            Npgsql.NpgsqlConnection.ClearPool(pool);
        }

        var finished = Volatile.Read(ref BareNoopJob.Finished);
        return (new ReferenceResult($"bare Hangfire.PostgreSql no-op job, {workers} workers, synchronous_commit=off like the Worker, {n} enqueued in {enqueued.TotalSeconds:0.00} s by 16 threads", Math.Round(wall.TotalSeconds, 3), finished,
            Math.Round(finished / wall.TotalSeconds, 1), Percentiles.Of(BareNoopJob.StartLatenciesMs)), transactions);
    }
}
