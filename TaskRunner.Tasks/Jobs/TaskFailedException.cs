namespace TaskRunner.Tasks.Jobs;

/// <summary>
/// Shown on a failed task's Hangfire job: the task's error code and message. Thrown by the task's job method once the
/// run has failed and recorded it (so Hangfire elects Failed), never by a step.
/// </summary>
public sealed class TaskFailedException(string code, string message) : Exception($"{code}: {message}")
{
    public string Code { get; } = code;
}
