namespace TaskRunner.Tasks;

/// <summary>
/// A queued task the stranded-job sweep gave back to the outbox (<see cref="TaskStore.ReleaseStrandedAsync"/>): the
/// Hangfire job that held it, and why that job would not run it ("Deleted", "Succeeded", "Enqueued, fetched 12 s ago
/// and not started", "gone"), so the warning says which case it was.
/// </summary>
public sealed record StrandedTask(Guid TaskId, string JobId, string JobState);
