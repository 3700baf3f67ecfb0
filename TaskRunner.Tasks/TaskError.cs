namespace TaskRunner.Tasks;

/// <summary>Why a task failed: a stable code clients can switch on, and a sentence for people.</summary>
public sealed record TaskError(string Code, string Message);
