using Dapper;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Options;
using Npgsql;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Jobs;
using TaskRunner.Tasks.Options;
using TaskRunner.Worker.Hosting;

namespace TaskRunner.Worker.Execution;

/// <summary>
/// Feeds the async executor from the llm queues a batch at a time. A Hangfire worker takes one job per fetch and moves
/// it through Processing, the claim and the hand-over one statement after another, so a burst of a thousand generations
/// started at about a hundred a second however many threads fetched. This service waits for room on the executor,
/// then takes as many jobs as there is room for (<see cref="HangfireBatchFetch"/>: one transaction fetches them,
/// claims their tasks and marks their jobs Processing on this Worker's llm server) and starts their runs. It listens on
/// Hangfire's <c>new_job</c> channel on a connection of its own, with the queue poll interval as fallback. Hangfire's
/// workers keep serving the same queues, so nothing depends on this service: any job it leaves is theirs.
/// </summary>
public sealed partial class BatchJobFetcher(
    AsyncStepExecutor executor,
    HangfireBatchFetch fetch,
    HangfireSchema schema,
    IBackgroundJobClient jobs,
    IOptions<WorkerOptions> worker,
    IOptions<AsyncExecutorOptions> options,
    IOptions<HangfireStorageOptions> storage,
    WorkerIdentity identity,
    IConfiguration configuration,
    ILogger<BatchJobFetcher> logger) : BackgroundService
{
    /// <summary>The channel Hangfire.PostgreSql's long polling (and <see cref="HangfireBatchEnqueue"/>) notifies on each new job.</summary>
    public const string Channel = "new_job";

    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(2);

    private readonly string connectionString = new NpgsqlConnectionStringBuilder(RequiredSetting.ConnectionString(configuration, "Postgres"))
    {
        // Notifications arrive on this connection only while it is open: it stays out of the pool.
        Pooling = false,
        KeepAlive = 5,
        ApplicationName = "taskrunner-fetch",
    }.ConnectionString;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var plan = ExecutorPlan(worker.Value, options.Value);
        if (!options.Value.BatchFetch || plan is null)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                if (!await schema.IsSupportedAsync(connection, stoppingToken))
                {
                    LogUnsupportedSchema(HangfireSchema.SupportedVersion);
                    return;
                }

                await FetchAsync(connection, plan, stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFetchFailed(ex);
            }

            try
            {
                await Task.Delay(RetryAfterFailure, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Fetches until the executor stops (returns) or the connection fails (throws).</summary>
    private async Task FetchAsync(NpgsqlConnection connection, HangfireServerPlan plan, CancellationToken ct)
    {
        var poll = TimeSpan.FromMilliseconds(storage.Value.QueuePollIntervalMs);
        var woken = 0;
        connection.Notification += (_, _) => Volatile.Write(ref woken, 1);
        await connection.ExecuteAsync(new CommandDefinition($"listen {Channel}", cancellationToken: ct));
        string? serverId = null;
        while (true)
        {
            Volatile.Write(ref woken, 0);
            var room = await executor.ReserveAsync(TaskQueues.Llm, options.Value.FetchBatchSize, ct);
            if (room == 0)
            {
                return;
            }

            var unused = room;
            FetchedTaskJobs batch;
            try
            {
                serverId ??= await ServerIdAsync(connection, plan.ServerNameFor(identity.Id), ct);
                batch = await fetch.FetchAsync(connection, plan.Queues, room, identity.Id, serverId ?? plan.ServerNameFor(identity.Id), ct);
                foreach (var job in batch.Claimed)
                {
                    executor.StartReserved(job.Task, job.JobId);
                    unused--;
                }
            }
            finally
            {
                executor.Unreserve(TaskQueues.Llm, unused);
            }

            if (batch.Fetched > 0)
            {
                LogFetched(batch.Fetched, batch.Claimed.Count);
            }

            DeleteUnclaimed(batch.Unclaimed);

            // A full batch, or a notification read meanwhile, means more may wait: go again at once.
            if (batch.Fetched < room && Volatile.Read(ref woken) == 0)
            {
                await connection.WaitAsync(poll, ct);
            }
        }
    }

    /// <summary>
    /// The Hangfire server whose llm queues this Worker's executor serves, with only those queues; null when the executor
    /// is off or the Worker serves no llm queue.
    /// </summary>
    internal static HangfireServerPlan? ExecutorPlan(WorkerOptions worker, AsyncExecutorOptions options) =>
        options.AsyncConcurrency == 0 ? null : HangfireServerPlan.For(worker, options.AsyncConcurrency)
            .Select(p => p with { Queues = [.. p.Queues.Where(q => TaskQueues.FamilyOf(q) == TaskQueues.Llm)] })
            .FirstOrDefault(p => p.Queues.Count > 0);

    /// <summary>
    /// The id Hangfire gave this Worker's server of the llm queues (its name, a colon, a random suffix), which the
    /// dashboard shows for a Processing job and checks against the live servers; null until that server is up.
    /// </summary>
    internal static async Task<string?> ServerIdAsync(NpgsqlConnection connection, string serverName, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            $"select id from {HangfireSchema.Name}.server where lower(left(id, length(@serverName) + 1)) = lower(@serverName) || ':' order by lastheartbeat desc limit 1",
            new { serverName }, cancellationToken: ct));

    /// <summary>Jobs whose task was not claimed end Deleted, as a job that returns Superseded does; another job carries the task.</summary>
    private void DeleteUnclaimed(IReadOnlyList<string> jobIds)
    {
        foreach (var jobId in jobIds)
        {
            try
            {
                // Expecting Enqueued leaves alone a job that was already deleted or moved from the dashboard.
                jobs.ChangeState(jobId, new DeletedState { Reason = TaskJobOutcome.NotClaimedReason }, EnqueuedState.StateName);
            }
            catch (Exception ex)
            {
                // The task itself is safe (queued for another dispatch, or already taken); only the dashboard keeps the stale job.
                LogNotDeleted(ex, jobId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}, whose task another dispatch carries, could not be deleted and stays Enqueued in the dashboard")]
    private partial void LogNotDeleted(Exception ex, string jobId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Batch fetch took {Fetched} jobs and claimed {Claimed} tasks")]
    private partial void LogFetched(int fetched, int claimed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch fetch failed; Hangfire's workers serve the llm queues meanwhile, and it starts again shortly")]
    private partial void LogFetchFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch fetch is off: Hangfire's storage is not at schema version {Version}; Hangfire's workers serve the llm queues alone")]
    private partial void LogUnsupportedSchema(int version);
}
