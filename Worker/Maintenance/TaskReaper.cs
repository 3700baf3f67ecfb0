using Hangfire;
using Hangfire.States;
using TaskRunner.Tasks.Jobs;
using Microsoft.Extensions.Options;
using TaskRunner.Tasks;
using TaskRunner.Worker.Hosting;

namespace TaskRunner.Worker.Maintenance;

/// <summary>
/// Keeps tasks moving: requeues running tasks whose worker stopped beating (killed, crashed, partitioned) and
/// dispatches queued tasks that are due (delayed retries, hand-offs whose enqueue was lost). A task whose worker died
/// on its last allowed attempt fails with <c>worker_lost</c> instead, so a file that kills its Worker (a native crash,
/// memory exhausted) kills at most <see cref="TaskRetryOptions.MaxAttempts"/> of them. Every Worker process runs one;
/// their updates are conditional, so several reapers never double a task.
/// </summary>
public sealed partial class TaskReaper(
    TaskStore store,
    TaskTracker tracker,
    TaskDispatcher dispatcher,
    IBackgroundJobClient jobs,
    IOptions<WorkerOptions> options,
    IOptions<TaskRetryOptions> retry,
    ILogger<TaskReaper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.MaintenanceIntervalSeconds));
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task SweepAsync(CancellationToken ct)
    {
        var staleAfter = TimeSpan.FromSeconds(options.Value.StaleAfterSeconds);
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

        await dispatcher.DispatchDueAsync(staleAfter, ct);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Maintenance sweep failed; trying again next tick")]
    private partial void LogSweepFailed(Exception ex);
}
