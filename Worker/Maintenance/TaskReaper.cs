using Dapper;
using Hangfire;
using Hangfire.States;
using TaskRunner.Tasks.Jobs;
using Microsoft.Extensions.Options;
using Npgsql;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Retention;
using TaskRunner.Worker.Hosting;
using TaskRunner.Worker.Leadership;

namespace TaskRunner.Worker.Maintenance;

/// <summary>
/// Keeps tasks moving: requeues running tasks whose worker stopped beating (killed, crashed, partitioned), dispatches
/// queued tasks that are due (delayed retries, hand-offs whose enqueue was lost, tasks whose job was deleted or ended)
/// and deletes final tasks past their retention. A task whose worker died on its last allowed attempt fails with
/// <c>worker_lost</c> instead, so a file that kills its Worker kills at most <see cref="TaskRetryOptions.MaxAttempts"/>
/// of them. One Worker of the fleet runs the sweeps (<see cref="LeaderElection"/>); after this leader (re)connects it
/// waits <see cref="WorkerOptions.StaleAfterSeconds"/> before presuming runs dead, so the heartbeats that failed during
/// an outage of Postgres have time to resume instead of every running task being re-run at once.
/// </summary>
public sealed partial class TaskReaper(
    LeaderElection election,
    TaskStore store,
    TaskTracker tracker,
    TaskDispatcher dispatcher,
    TaskRetention retention,
    IBackgroundJobClient jobs,
    IOptions<WorkerOptions> options,
    IOptions<LeadershipOptions> leadership,
    IOptions<TaskRetryOptions> retry,
    ILogger<TaskReaper> logger) : BackgroundService
{
    /// <summary>The advisory lock of the maintenance role ("TRswep").</summary>
    public const long LockKey = 0x5452_7377_6570;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        election.RunAsync(LockKey, "maintenance", TimeSpan.FromSeconds(leadership.Value.RetrySeconds), LeadAsync, stoppingToken);

    private async Task LeadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var grace = TimeSpan.FromSeconds(options.Value.StaleAfterSeconds);
        var connectedAt = DateTime.UtcNow;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.MaintenanceIntervalSeconds));
        do
        {
            // Uses the lock's connection, so a leader that lost it steps down instead of sweeping beside a new one.
            await connection.ExecuteAsync(new CommandDefinition("select 1", cancellationToken: ct));
            try
            {
                await SweepAsync(presumeDead: DateTime.UtcNow - connectedAt >= grace, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The sweeps' own connections failed: count the grace period again from the next good tick.
                connectedAt = DateTime.UtcNow;
                LogSweepFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(ct));
    }

    /// <summary>One round of every sweep; runs whose heartbeat stopped are presumed dead only when <paramref name="presumeDead"/>.</summary>
    public async Task SweepAsync(bool presumeDead, CancellationToken ct)
    {
        var staleAfter = TimeSpan.FromSeconds(options.Value.StaleAfterSeconds);
        if (presumeDead)
        {
            await RequeueStaleRunsAsync(staleAfter, ct);
        }

        await dispatcher.DispatchDueAsync(staleAfter, TimeSpan.FromSeconds(options.Value.FetchedJobLostAfterSeconds), ct);
        var deleted = await retention.DeleteExpiredAsync(ct);
        if (deleted > 0)
        {
            LogRetentionDeleted(deleted);
        }
    }

    private async Task RequeueStaleRunsAsync(TimeSpan staleAfter, CancellationToken ct)
    {
        foreach (var task in await store.FindStaleRunningAsync(staleAfter, 100, ct))
        {
            if (task.Attempts >= retry.Value.MaxAttempts)
            {
                var error = new TaskError(TaskErrorCodes.WorkerLost,
                    $"The worker running this task stopped responding on each of its {task.Attempts} attempts; the task is not tried again.");
                if (await tracker.FailAsync(task.Id, task.Runs, error, ct) is not null)
                {
                    LogWorkerLost(task.Id, task.Attempts);
                    EndDeadJob(task, TaskJobOutcome.Failed(error));
                }

                continue;
            }

            var requeue = new TaskRequeue($"Worker {task.WorkerId} stopped responding; the task was requeued.") { Handoff = false };
            if (await tracker.RequeueAsync(task.Id, task.Runs, requeue, ct) is not null)
            {
                LogRequeued(task.Id, task.WorkerId);
                EndDeadJob(task, TaskJobOutcome.Superseded($"Worker {task.WorkerId} stopped responding; the task was requeued."));
            }
        }
    }

    /// <summary>
    /// The dead worker's job would stay Processing forever (a run on the async executor has already left Hangfire's
    /// queue, so no invisibility timeout brings it back): it ends Deleted (the task's next dispatch carries it on) or Failed.
    /// </summary>
    private void EndDeadJob(TaskRecord task, TaskJobOutcome outcome)
    {
        if (task.HangfireJobId is { } jobId)
        {
            // Elected like a returning job's outcome, so TaskJobStatesAttribute gives it the matching state.
            jobs.ChangeState(jobId, new SucceededState(outcome, 0, 0), ProcessingState.StateName);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} requeued: worker {WorkerId} stopped beating")]
    private partial void LogRequeued(Guid taskId, string? workerId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {TaskId} failed with worker_lost: its worker died on each of {Attempts} attempts")]
    private partial void LogWorkerLost(Guid taskId, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted {Count} final tasks")]
    private partial void LogRetentionDeleted(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Maintenance sweep failed; trying again next tick")]
    private partial void LogSweepFailed(Exception ex);
}
