using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Logging;

namespace TaskRunner.Tasks;

/// <summary>
/// Hands queued tasks to Hangfire on the queue their next step needs. Each dispatch gets a fresh id that the
/// Hangfire job carries, so a stale or duplicated Hangfire job can never start the task (see <see cref="TaskStore.TryClaimAsync"/>).
/// </summary>
public sealed partial class TaskDispatcher(TaskStore store, IBackgroundJobClient jobs, ILogger<TaskDispatcher> logger)
{
    /// <summary>Dispatches the task if it is queued, due and not yet dispatched. Returns the Hangfire job id, or null.</summary>
    public async Task<string?> DispatchAsync(Guid taskId, CancellationToken ct)
    {
        var dispatchId = Guid.NewGuid();
        var task = await store.TryAssignDispatchAsync(taskId, dispatchId, ct);
        return task is null ? null : (await EnqueueAsync(task, dispatchId, ct)).HangfireJobId;
    }

    /// <summary>Creates a task and dispatches it at once: the row is written already carrying its dispatch id.</summary>
    public async Task<TaskRecord> InsertAndDispatchAsync(NewTask newTask, CancellationToken ct)
    {
        var dispatchId = Guid.NewGuid();
        return await EnqueueAsync(await store.InsertDispatchedAsync(newTask, dispatchId, ct), dispatchId, ct);
    }

    private async Task<TaskRecord> EnqueueAsync(TaskRecord task, Guid dispatchId, CancellationToken ct)
    {
        var taskId = task.Id;
        var job = Job.FromExpression<ITaskJob>(j => j.RunAsync(taskId, dispatchId, CancellationToken.None));
        var jobId = jobs.Create(job, new EnqueuedState(task.Queue));
        LogDispatched(taskId, task.Queue, jobId);

        // Null only if the task was run and requeued meanwhile; the row as it was is then still a fair answer.
        return await store.SetHangfireJobIdAsync(taskId, dispatchId, jobId, ct) ?? task;
    }

    /// <summary>Dispatches every due task: delayed retries, hand-offs between queues, and dispatches lost on the way.</summary>
    public async Task<int> DispatchDueAsync(TimeSpan lostDispatchAfter, CancellationToken ct)
    {
        var count = 0;
        foreach (var id in await store.FindDispatchableAsync(lostDispatchAfter, 100, ct))
        {
            if (await DispatchAsync(id, ct) is not null)
            {
                count++;
            }
        }

        return count;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} dispatched to queue {Queue} as Hangfire job {JobId}")]
    private partial void LogDispatched(Guid taskId, string queue, string jobId);
}
