using Microsoft.Extensions.Options;
using TaskRunner.Tasks;
using TaskRunner.Worker.Hosting;

namespace TaskRunner.Worker.Maintenance;

/// <summary>
/// Keeps tasks moving: requeues running tasks whose worker stopped beating (killed, crashed, partitioned) and
/// dispatches queued tasks that are due (delayed retries, hand-offs whose enqueue was lost). Every Worker
/// process runs one; their updates are conditional, so several reapers never double a task.
/// </summary>
public sealed partial class TaskReaper(
    TaskStore store,
    TaskTracker tracker,
    TaskDispatcher dispatcher,
    IOptions<WorkerOptions> options,
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
            var requeue = new TaskRequeue($"Worker {task.WorkerId} stopped responding; the task was requeued.") { Handoff = false };
            if (await tracker.RequeueAsync(task.Id, task.Runs, requeue, ct) is not null)
            {
                LogRequeued(task.Id, task.WorkerId);
            }
        }

        await dispatcher.DispatchDueAsync(staleAfter, ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} requeued: worker {WorkerId} stopped beating")]
    private partial void LogRequeued(Guid taskId, string? workerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Maintenance sweep failed; trying again next tick")]
    private partial void LogSweepFailed(Exception ex);
}
