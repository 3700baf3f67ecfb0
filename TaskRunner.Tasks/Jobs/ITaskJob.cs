using Hangfire;

namespace TaskRunner.Tasks.Jobs;

/// <summary>
/// The Hangfire entry point for every task. The Api enqueues it by this interface; the Worker implements it.
/// Jobs carry ids, never payloads: the job reads the task from Postgres. Hangfire's own retries are off: the platform
/// owns retries, and <see cref="TaskJobStatesAttribute"/> gives the job the state that matches its task.
/// </summary>
public interface ITaskJob
{
    [JobDisplayName("Task {0}")]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [TaskJobStates]
    [TaskJobContext]
    Task<TaskJobOutcome> RunAsync(Guid taskId, Guid dispatchId, CancellationToken cancellationToken);
}
