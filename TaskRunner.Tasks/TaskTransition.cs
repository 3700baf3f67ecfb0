namespace TaskRunner.Tasks;

/// <summary>The named moves of the task life cycle; see <see cref="TaskStateMachine"/>.</summary>
public enum TaskTransition
{
    /// <summary>A worker claims a queued task.</summary>
    Start,
    Succeed,
    Fail,

    /// <summary>A user cancels a task that has not started; matches queued rows only, so it never races a claim.</summary>
    CancelQueued,

    /// <summary>The run that owns a running task confirms the cancel a user asked for.</summary>
    ConfirmCancel,
    /// <summary>A running task goes back to the queue: hand-off to another queue, a retry after a transient error, a shutdown, or a dead worker.</summary>
    Requeue,
    /// <summary>A user asks to run a failed or canceled task again.</summary>
    Retry,
}
