namespace TaskRunner.Tasks.Fencing;

/// <summary>A write of a run that no longer owns its task (presumed dead and replaced, or the task ended): refused.</summary>
public sealed class StaleRunException(Guid taskId, int run, Exception? inner = null)
    : PermanentTaskException(ErrorCode, $"Run {run} of task {taskId} no longer owns the task; its write was refused.", inner)
{
    public const string ErrorCode = "run_superseded";
}
