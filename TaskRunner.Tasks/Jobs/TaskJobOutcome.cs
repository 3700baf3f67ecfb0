namespace TaskRunner.Tasks.Jobs;

/// <summary>How one run of a task's Hangfire job ended, so the job can take the matching state in the dashboard.</summary>
public sealed record TaskJobOutcome(TaskJobOutcomeKind Kind, string Detail, string? Code = null)
{
    public static TaskJobOutcome Succeeded(string? message) => new(TaskJobOutcomeKind.Succeeded, message ?? "The task succeeded.");

    public static TaskJobOutcome HandedOff(string queue) => new(TaskJobOutcomeKind.Succeeded, $"Step done; the task goes on on queue '{queue}'.");

    public static TaskJobOutcome Failed(TaskError error) => new(TaskJobOutcomeKind.Failed, error.Message, error.Code);

    public static TaskJobOutcome Canceled() => new(TaskJobOutcomeKind.Canceled, "The task was canceled.");

    public static TaskJobOutcome Superseded(string why) => new(TaskJobOutcomeKind.Superseded, why);

    /// <summary>Why a job whose claim of its task failed ends Deleted.</summary>
    public const string NotClaimedReason =
        "Not started by this job: the task was already taken, final, canceled or re-dispatched, or its tenant is at its cap on the queue (it waits queued).";

    /// <summary>The run goes on on the async executor of Hangfire server <paramref name="serverId"/>, which ends the job.</summary>
    public static TaskJobOutcome Running(string serverId) =>
        new(TaskJobOutcomeKind.Running, $"Running on the async executor of {serverId}.") { ServerId = serverId };

    /// <summary>The Hangfire server whose executor runs the task (<see cref="TaskJobOutcomeKind.Running"/> only).</summary>
    public string? ServerId { get; init; }
}

/// <summary>What a job's end means for the task: <see cref="TaskJobStatesAttribute"/> maps each to a Hangfire state.</summary>
public enum TaskJobOutcomeKind
{
    /// <summary>The task (or this job's steps) succeeded: Succeeded.</summary>
    Succeeded,

    /// <summary>The task failed with a code: Failed, the code in the reason.</summary>
    Failed,

    /// <summary>The task was canceled: Deleted.</summary>
    Canceled,

    /// <summary>Another job carries the task on (a scheduled retry, a re-dispatch after shutdown, a stale dispatch): Deleted.</summary>
    Superseded,

    /// <summary>The job handed its run to the Worker's async executor: Processing until the executor ends it.</summary>
    Running,
}
