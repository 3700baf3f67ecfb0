namespace TaskRunner.Tasks.Jobs;

/// <summary>Shown on a failed task's Hangfire job: the task's error code and message (never thrown by a step).</summary>
public sealed class TaskFailedException(string code, string message) : Exception($"{code}: {message}")
{
    public string Code { get; } = code;
}
