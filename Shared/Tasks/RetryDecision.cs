namespace TaskRunner.Shared.Tasks;

public sealed record RetryDecision(bool Retry, TaskError Error, TimeSpan Delay);
