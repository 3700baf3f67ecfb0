namespace TaskRunner.Shared.Llm;

/// <summary>Streams a chat completion, retrying transient failures in one place.</summary>
public interface ILlmClient
{
    /// <summary>
    /// Streams the reply, calling <paramref name="onDelta"/> for each piece of content as it arrives.
    /// When an attempt fails after some deltas were delivered and the call is retried, <paramref name="onRestart"/>
    /// is called with the new attempt number before its first delta: discard the partial text received so far.
    /// </summary>
    /// <exception cref="LlmException">A permanent failure, or transient ones that outlasted the retries.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; never retried.</exception>
    Task<LlmCompletion> StreamChatAsync(
        LlmChatRequest request,
        Func<string, CancellationToken, ValueTask> onDelta,
        Func<int, CancellationToken, ValueTask> onRestart,
        CancellationToken ct);
}
