using System.Collections.Concurrent;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Logging;
using Npgsql;
using TaskRunner.Tasks.Jobs;
using TaskRunner.Tasks.Outbox;

namespace TaskRunner.Tasks;

/// <summary>
/// Hands queued tasks to Hangfire on the queue their next step needs. Each dispatch gets a fresh id that the
/// Hangfire job carries, so a stale or duplicated Hangfire job can never start the task (see <see cref="TaskStore.TryClaimAsync"/>).
/// </summary>
public sealed partial class TaskDispatcher(TaskStore store, IBackgroundJobClient jobs, HangfireBatchEnqueue batchEnqueue, HangfireSchema hangfireSchema, ILogger<TaskDispatcher> logger)
{
    /// <summary>Dispatches the task if it is queued, due and not yet dispatched. Returns the Hangfire job id, or null.</summary>
    public async Task<string?> DispatchAsync(Guid taskId, CancellationToken ct)
    {
        var dispatchId = Guid.NewGuid();
        var task = await store.TryAssignDispatchAsync(taskId, dispatchId, ct);
        return task is null ? null : (await EnqueueAsync(task, dispatchId, ct)).HangfireJobId;
    }

    /// <summary>
    /// Dispatches a task that waits for a delayed retry as a Hangfire <em>scheduled</em> job, so the dashboard shows it
    /// Scheduled until its <c>not_before</c>. Returns the job id, or null when the task moved meanwhile (the reaper's
    /// sweep dispatches any due task that is left without a job).
    /// </summary>
    public async Task<string?> ScheduleAsync(Guid taskId, CancellationToken ct)
    {
        var dispatchId = Guid.NewGuid();
        var task = await store.TryAssignDispatchAsync(taskId, dispatchId, ct, evenIfNotDue: true);
        if (task is null)
        {
            return null;
        }

        var delay = task.NotBefore is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) - DateTime.UtcNow : TimeSpan.Zero;
        var jobId = jobs.Create(JobFor(taskId, dispatchId), delay > TimeSpan.Zero ? new ScheduledState(delay) : new EnqueuedState(task.Queue));
        LogDispatched(taskId, task.Queue, jobId);
        await store.SetHangfireJobIdAsync(taskId, dispatchId, jobId, ct);
        return jobId;
    }

    /// <summary>
    /// Dispatches one batch of the outbox (<see cref="TaskOutbox"/>): claims up to <paramref name="limit"/> due tasks on
    /// <paramref name="connection"/> and creates their Hangfire jobs, in one statement (<see cref="HangfireBatchEnqueue"/>),
    /// or, on a Hangfire schema that statement was not written for, claims them and then creates their jobs through
    /// Hangfire's client, <paramref name="parallelism"/> jobs at a time. Returns how many were dispatched; a full batch
    /// means more may be waiting.
    /// </summary>
    public async Task<int> DispatchOutboxAsync(NpgsqlConnection connection, int limit, int parallelism, CancellationToken ct)
    {
        if (await hangfireSchema.IsSupportedAsync(connection, ct))
        {
            // Not canceled half-way: what is claimed is dispatched (a shutdown waits for one statement).
            var dispatched = await batchEnqueue.DispatchAsync(connection, limit, CancellationToken.None);
            foreach (var job in dispatched)
            {
                LogDispatched(job.TaskId, job.Queue, job.JobId);
            }

            return dispatched.Count;
        }

        var claimed = await TaskOutbox.ClaimAsync(connection, limit, ct);
        var created = new ConcurrentQueue<(Guid TaskId, Guid DispatchId, string JobId)>();
        try
        {
            // Hangfire's client creates one job per call in a few round trips of its own; calls side by side keep the
            // database busy instead of waiting on each round trip in turn. The client is synchronous, so each call holds
            // a pool thread while it runs (the Worker raises the pool's floor, ThreadPoolSettings).
            await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, (task, _) =>
            {
                var jobId = jobs.Create(JobFor(task.Id, task.DispatchId!.Value), new EnqueuedState(task.Queue));
                LogDispatched(task.Id, task.Queue, jobId);
                created.Enqueue((task.Id, task.DispatchId.Value, jobId));
                return ValueTask.CompletedTask;
            });
        }
        finally
        {
            // Jobs already created are recorded even when another failed (the rest are released by the lost-dispatch sweep).
            await TaskOutbox.SetJobIdsAsync(connection, [.. created], CancellationToken.None);
        }

        return created.Count;
    }

    private async Task<TaskRecord> EnqueueAsync(TaskRecord task, Guid dispatchId, CancellationToken ct)
    {
        var jobId = jobs.Create(JobFor(task.Id, dispatchId), new EnqueuedState(task.Queue));
        LogDispatched(task.Id, task.Queue, jobId);

        // Null only if the task was run and requeued meanwhile; the row as it was is then still a fair answer.
        return await store.SetHangfireJobIdAsync(task.Id, dispatchId, jobId, ct) ?? task;
    }

    internal static Job JobFor(Guid taskId, Guid dispatchId) =>
        Job.FromExpression<ITaskJob>(j => j.RunAsync(taskId, dispatchId, CancellationToken.None));

    /// <summary>
    /// Dispatches every due task: delayed retries, hand-offs between queues, dispatches lost on the way, and queued tasks
    /// whose Hangfire job was deleted or ended without running them, or fetched <paramref name="fetchedJobLostAfter"/> ago
    /// and never started.
    /// </summary>
    public async Task<int> DispatchDueAsync(TimeSpan lostDispatchAfter, TimeSpan fetchedJobLostAfter, CancellationToken ct)
    {
        foreach (var stranded in await store.ReleaseStrandedAsync(lostDispatchAfter, fetchedJobLostAfter, 100, ct))
        {
            LogStranded(stranded.TaskId, stranded.JobId, stranded.JobState);
        }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} was queued, but its Hangfire job {JobId} will not run it ({JobState}); dispatching it again")]
    private partial void LogStranded(Guid taskId, string jobId, string jobState);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} dispatched to queue {Queue} as Hangfire job {JobId}")]
    private partial void LogDispatched(Guid taskId, string queue, string jobId);
}
