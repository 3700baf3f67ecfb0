namespace TaskRunner.Tasks;

/// <summary>
/// The rules of the task life cycle. Every write of <c>tasks.status</c> asks this type which states it may
/// come from, and the SQL update only matches rows in those states, so a race can never move a task backwards.
/// Final states (succeeded, failed, canceled) are left only by an explicit user retry.
/// </summary>
public static class TaskStateMachine
{
    private static readonly TaskRunStatus[] FromQueued = [TaskRunStatus.Queued];
    private static readonly TaskRunStatus[] FromRunning = [TaskRunStatus.Running];
    private static readonly TaskRunStatus[] FromQueuedOrRunning = [TaskRunStatus.Queued, TaskRunStatus.Running];
    private static readonly TaskRunStatus[] FromRetryable = [TaskRunStatus.Failed, TaskRunStatus.Canceled];

    /// <summary>The states a task may be in for <paramref name="transition"/> to apply.</summary>
    public static IReadOnlyList<TaskRunStatus> SourcesOf(TaskTransition transition) => transition switch
    {
        TaskTransition.Start => FromQueued,
        TaskTransition.Succeed => FromRunning,
        TaskTransition.Fail => FromQueuedOrRunning,
        TaskTransition.CancelQueued => FromQueued,
        TaskTransition.ConfirmCancel => FromRunning,
        TaskTransition.Requeue => FromRunning,
        TaskTransition.Retry => FromRetryable,
        _ => throw new ArgumentOutOfRangeException(nameof(transition), transition, null),
    };

    public static TaskRunStatus TargetOf(TaskTransition transition) => transition switch
    {
        TaskTransition.Start => TaskRunStatus.Running,
        TaskTransition.Succeed => TaskRunStatus.Succeeded,
        TaskTransition.Fail => TaskRunStatus.Failed,
        TaskTransition.CancelQueued or TaskTransition.ConfirmCancel => TaskRunStatus.Canceled,
        TaskTransition.Requeue or TaskTransition.Retry => TaskRunStatus.Queued,
        _ => throw new ArgumentOutOfRangeException(nameof(transition), transition, null),
    };

    public static bool CanApply(TaskTransition transition, TaskRunStatus from) => SourcesOf(transition).Contains(from);
}
