namespace TaskRunner.Tasks;

/// <summary>The life cycle of a task. Stored and serialised in lower case.</summary>
public enum TaskRunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Canceled,
}
