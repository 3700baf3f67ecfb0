namespace TaskRunner.Tasks;

/// <summary>Stable codes the engine itself records on tasks; each area keeps its own catalogue beside its exception.</summary>
public static class TaskErrorCodes
{
    /// <summary>The task's stored input cannot be read as its type's input record.</summary>
    public const string InvalidInput = "invalid_input";

    /// <summary>The task's type is declared in no assembly this Worker loads (an older or newer Worker took it).</summary>
    public const string UnknownTaskType = "unknown_task_type";

    /// <summary>The task's worker died (killed, crashed, out of memory) on every allowed attempt: a poison input.</summary>
    public const string WorkerLost = "worker_lost";

    /// <summary>Postgres was unreachable; the task is retried.</summary>
    public const string DatabaseUnavailable = "database_unavailable";

    /// <summary>Redis, a socket or an HTTP dependency failed; the task is retried.</summary>
    public const string DependencyUnavailable = "dependency_unavailable";

    /// <summary>An unexpected error; retried, and logged with the task id.</summary>
    public const string InternalError = "internal_error";

    /// <summary>The task's document no longer exists (deleted meanwhile) or belongs to another tenant.</summary>
    public const string DocumentMissing = "document_missing";
}
