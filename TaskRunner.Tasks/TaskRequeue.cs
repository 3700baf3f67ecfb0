namespace TaskRunner.Tasks;

/// <summary>Where and when a requeued task runs next.</summary>
public sealed record TaskRequeue(string Reason)
{
    public int? Step { get; init; }
    public string? Queue { get; init; }
    public string? Stage { get; init; }
    public TaskError? LastError { get; init; }
    public TimeSpan Delay { get; init; }
    public bool Handoff { get; init; }
}
