namespace TaskRunner.Client;

/// <summary>The answer could not be finished (an LLM error code such as <c>llm_rate_limited</c>); the stream ends here.</summary>
public sealed record ChatErrorEvent(string Code, string Message) : ChatStreamEvent;
