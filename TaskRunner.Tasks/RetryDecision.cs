namespace TaskRunner.Tasks;

public sealed record RetryDecision(bool Retry, TaskError Error, TimeSpan Delay);
