using Microsoft.Extensions.Logging;
using TaskRunner.Tasks.Estimates;
using TaskRunner.Tasks.Progress;
using TaskRunner.Tasks.Telemetry;
using TaskRunner.Tasks.Usage;

namespace TaskRunner.Tasks;

/// <summary>
/// The one place that moves tasks between states. Each method applies a <see cref="TaskTransition"/> through
/// <see cref="TaskStore"/> (which only matches rows in the allowed source states) and publishes the new state.
/// </summary>
public sealed partial class TaskTracker(
    TaskStore store, TaskEventPublisher publisher, TaskEstimator estimator, TaskCosts costs, ILogger<TaskTracker> logger)
{
    /// <summary>The fence a run's data writes hold (<see cref="Fencing.TaskFence"/>).</summary>
    public Fencing.TaskFence FenceOf(TaskRecord task) => store.FenceOf(task.Id, task.Runs);

    /// <summary>
    /// Counts a new task. No event is published: only a watch that already subscribed to the task's channel could hear
    /// it, and a watch (<c>TaskEventStream</c>, MCP) subscribes and then reads the row, so it either finds the task
    /// queued (the same state this event would carry) or finds no task and ends. Publishing cost every submit a
    /// serialisation, an ETA and a Redis write that no one received.
    /// </summary>
    public void Submitted(TaskRecord task) => TaskTelemetry.RecordStatus(task);

    /// <summary>A task's state as an event, with its ETA and cost so far.</summary>
    public async Task<TaskEvent> StateEventAsync(TaskRecord task, CancellationToken ct) => TaskEvent.FromRecord(task) with
    {
        EtaSeconds = await estimator.EstimateAsync(task, task.Progress, ct),
        Cost = await costs.ForTaskAsync(task, ct),
    };

    /// <summary>Claims a task for this run. Null when another run owns it, it is final, or the dispatch is stale.</summary>
    public async Task<TaskRecord?> TryStartAsync(Guid id, Guid dispatchId, string workerId, CancellationToken ct)
    {
        var task = await store.TryClaimAsync(id, dispatchId, workerId, ct);
        if (task is null)
        {
            return null;
        }

        await AnnounceStartAsync(task, ct);
        return task;
    }

    /// <summary>Counts and publishes the start of a run of a task just claimed.</summary>
    public async Task AnnounceStartAsync(TaskRecord task, CancellationToken ct)
    {
        TaskTelemetry.RecordStatus(task);

        // Usage rows are written only by runs, so a task starting its first run has spent nothing: no usage query.
        var started = task.IsFirstRun ? TaskEvent.FromRecord(task) with { EtaSeconds = await estimator.EstimateAsync(task, task.Progress, ct), Cost = costs.Nothing }
            : await StateEventAsync(task, ct);
        await publisher.PublishAsync(started, ct);
    }

    /// <summary>Run <paramref name="run"/> succeeded: the task moves to succeeded with its result, written with other runs' successes.</summary>
    public async Task<TaskRecord?> SucceedAsync(Guid id, int run, string? resultJson, string? message, CancellationToken ct) =>
        await MovedAsync(id, TaskTransition.Succeed, await store.SucceedAsync(id, run, resultJson, message, ct), ct);

    public async Task<TaskRecord?> FailAsync(Guid id, int? run, TaskError error, CancellationToken ct)
    {
        var failed = await ApplyAsync(id, TaskTransition.Fail, run, new TaskUpdate { ErrorJson = TaskJson.Serialize(error), Message = error.Message }, ct);
        if (failed is not null)
        {
            TaskTelemetry.RecordFailure(failed.Type, error.Code);
        }

        return failed;
    }

    /// <summary>The run saw the cancellation asked for and stopped.</summary>
    public Task<TaskRecord?> ConfirmCanceledAsync(Guid id, int run, CancellationToken ct) =>
        ApplyAsync(id, TaskTransition.ConfirmCancel, run, new TaskUpdate { Message = "Canceled on request." }, ct);

    /// <summary>Hands the task to the queue of its next step (<paramref name="step"/>), or back to its own queue after a delay.</summary>
    public Task<TaskRecord?> RequeueAsync(Guid id, int? run, TaskRequeue requeue, CancellationToken ct) =>
        ApplyAsync(id, TaskTransition.Requeue, run, new TaskUpdate
        {
            Step = requeue.Step,
            Queue = requeue.Queue,
            Stage = requeue.Stage,
            Message = requeue.Reason,
            ErrorJson = requeue.LastError is null ? null : TaskJson.Serialize(requeue.LastError),
            Delay = requeue.Delay,
            Handoff = requeue.Handoff,
        }, ct);

    /// <summary>A user cancels: a queued task is canceled at once; a running one is asked to stop and its run confirms.</summary>
    public async Task<TaskRecord?> CancelAsync(string tenantId, Guid id, CancellationToken ct)
    {
        // A queued task may be claimed between the read and the update: the queued cancel then matches nothing, and
        // the second pass asks the new run to stop instead of marking a running task canceled.
        for (var pass = 0; pass < 2; pass++)
        {
            var task = await store.GetAsync(tenantId, id, ct);
            switch (task?.RunStatus)
            {
                case null:
                    return null;
                case TaskRunStatus.Queued:
                    if (await ApplyAsync(id, TaskTransition.CancelQueued, null, new TaskUpdate { Message = "Canceled before it started." }, ct) is { } canceled)
                    {
                        return canceled;
                    }

                    continue;
                case TaskRunStatus.Running:
                    return await PublishedAsync(await store.RequestCancelAsync(tenantId, id, ct), ct) ?? await store.GetAsync(id, ct);
                default:
                    return task;
            }
        }

        return await store.GetAsync(tenantId, id, ct);
    }

    /// <summary>A user retries a failed or canceled task; it resumes at its first unfinished step.</summary>
    public Task<TaskRecord?> RetryAsync(Guid id, CancellationToken ct) =>
        ApplyAsync(id, TaskTransition.Retry, null, new TaskUpdate { Message = "Retry requested.", ClearError = true, ResetAttempts = true }, ct);

    /// <summary>Records that steps before <paramref name="nextStep"/> are done (with the result so far), so a retry or the next queue resumes there.</summary>
    public Task<bool> CompleteStepAsync(Guid id, int run, int nextStep, string? resultJson, CancellationToken ct) =>
        store.SetStepAsync(id, run, nextStep, resultJson, ct);

    /// <summary>
    /// Writes progress of a run of <paramref name="task"/> to its row, in one statement with other runs' reports
    /// (<see cref="TaskStore.UpdateProgressAsync"/>): stage changes and throttled updates, for clients that poll.
    /// </summary>
    public Task WriteProgressAsync(TaskRecord task, string stage, float progress, string? message, CancellationToken ct) =>
        store.UpdateProgressAsync(task.Id, task.Runs, stage, Math.Clamp(progress, 0, 1), message, ct);

    /// <summary>Publishes progress of a run of <paramref name="task"/> at once, with its ETA and cost so far.</summary>
    public async Task PublishProgressAsync(TaskRecord task, string stage, float progress, string? message, CancellationToken ct)
    {
        await publisher.PublishAsync(new TaskEvent
        {
            Kind = TaskEventKinds.Progress, TaskId = task.Id, Status = "running", Stage = stage, Progress = Math.Clamp(progress, 0, 1), Message = message, Run = task.Runs,
            EtaSeconds = await estimator.EstimateAsync(task, Math.Clamp(progress, 0, 1), ct),
            Cost = await costs.ForTaskAsync(task, ct),
        }, ct);
    }

    /// <summary>Publishes text as it is written (LLM tokens). Not persisted: the final result is.</summary>
    public Task PublishTokensAsync(Guid id, int run, string text, CancellationToken ct) =>
        publisher.PublishAsync(new TaskEvent { Kind = TaskEventKinds.Token, TaskId = id, Text = text, Run = run }, ct);

    /// <summary>Null when this run no longer owns the task; otherwise whether a cancel was asked for.</summary>
    public Task<bool?> HeartbeatAsync(Guid id, int run, CancellationToken ct) => store.HeartbeatAsync(id, run, ct);

    private async Task<TaskRecord?> ApplyAsync(Guid id, TaskTransition transition, int? run, TaskUpdate update, CancellationToken ct) =>
        await MovedAsync(id, transition, await store.TransitionAsync(id, transition, run, update, ct), ct);

    /// <summary>After a transition's write: logs it, counts it and publishes the task's new state (or logs that it did not apply).</summary>
    private async Task<TaskRecord?> MovedAsync(Guid id, TaskTransition transition, TaskRecord? task, CancellationToken ct)
    {
        if (task is null)
        {
            LogTransitionRefused(id, transition);
            return null;
        }

        LogMoved(id, task.Status, transition);
        TaskTelemetry.RecordStatus(task);
        return await PublishedAsync(task, ct);
    }

    private async Task<TaskRecord?> PublishedAsync(TaskRecord? task, CancellationToken ct)
    {
        if (task is not null)
        {
            await publisher.PublishAsync(await StateEventAsync(task, ct), ct);
        }

        return task;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} moved to {Status} ({Transition})")]
    private partial void LogMoved(Guid taskId, string status, TaskTransition transition);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId}: {Transition} does not apply in its current state")]
    private partial void LogTransitionRefused(Guid taskId, TaskTransition transition);
}
