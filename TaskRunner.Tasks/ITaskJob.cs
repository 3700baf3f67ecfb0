using Hangfire;

namespace TaskRunner.Tasks;

/// <summary>
/// The Hangfire entry point for every task. The Api enqueues it by this interface; the Worker implements it.
/// Jobs carry ids, never payloads: the job reads the task from Postgres.
/// </summary>
public interface ITaskJob
{
    [JobDisplayName("Task {0}")]
    [AutomaticRetry(Attempts = 5, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    Task RunAsync(Guid taskId, Guid dispatchId, CancellationToken cancellationToken);
}
