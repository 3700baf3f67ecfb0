namespace TaskRunner.Generation.Llm;

/// <summary>Streams a chat completion, retrying transient failures in one place.</summary>
public interface ILlmClient
{
    /// <summary>
    /// Streams the reply, calling <paramref name="onDelta"/> for each piece of content as it arrives.
    /// Before every retry, <paramref name="onRestart"/> is called with the new attempt number (2, 3, ...):
    /// discard any text received so far, because the retry streams the whole reply again.
    /// </summary>
    /// <exception cref="LlmException">A permanent failure, or transient ones that outlasted the retries.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; never retried.</exception>
    Task<LlmCompletion> StreamChatAsync(
        LlmChatRequest request,
        Func<string, CancellationToken, ValueTask> onDelta,
        Func<int, CancellationToken, ValueTask> onRestart,
        CancellationToken ct);
}
