namespace TaskRunner.Client;

/// <summary>
/// One event of a streamed answer (POST /api/v1/chat with <c>Accept: text/event-stream</c>), in the order they come:
/// <see cref="ChatRetrievalEvent"/>, then <see cref="ChatTokenEvent"/>s (a <see cref="ChatRestartEvent"/> when the LLM
/// call is retried), then <see cref="ChatDoneEvent"/> or <see cref="ChatErrorEvent"/>.
/// </summary>
public abstract record ChatStreamEvent;
