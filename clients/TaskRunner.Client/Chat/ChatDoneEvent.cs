namespace TaskRunner.Client;

/// <summary>The finished answer, its citations checked against the passages.</summary>
public sealed record ChatDoneEvent(ChatAnswer Answer) : ChatStreamEvent;
