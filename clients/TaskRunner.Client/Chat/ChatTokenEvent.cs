namespace TaskRunner.Client;

/// <summary>The next piece of the answer's text, as the LLM writes it.</summary>
public sealed record ChatTokenEvent(string Text) : ChatStreamEvent;
