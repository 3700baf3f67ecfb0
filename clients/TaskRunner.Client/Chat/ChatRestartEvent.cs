namespace TaskRunner.Client;

/// <summary>The LLM call is retried: discard the text received so far, it streams again from the start.</summary>
public sealed record ChatRestartEvent(int Attempt) : ChatStreamEvent;
