namespace TaskRunner.Tasks;

/// <summary>Fields written together with a transition; null means "leave as is".</summary>
internal sealed record TaskUpdate
{
    public string? Stage { get; init; }
    public int? Step { get; init; }
    public string? Queue { get; init; }
    public float? Progress { get; init; }
    public string? Message { get; init; }
    public string? ResultJson { get; init; }
    public string? ErrorJson { get; init; }
    public bool ClearError { get; init; }
    public bool ResetAttempts { get; init; }

    /// <summary>The task moves on to a step on another queue; the next claim continues this attempt.</summary>
    public bool Handoff { get; init; }

    /// <summary>For a transition to queued: how long before the task may be dispatched again.</summary>
    public TimeSpan Delay { get; init; }
}
