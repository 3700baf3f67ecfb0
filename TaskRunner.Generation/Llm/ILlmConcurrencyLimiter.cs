namespace TaskRunner.Generation.Llm;

/// <summary>A counting semaphore shared by every worker process, so the provider sees at most <c>limit</c> calls.</summary>
public interface ILlmConcurrencyLimiter
{
    /// <summary>Waits for a slot of <paramref name="resource"/>; dispose the result to give it back.</summary>
    ValueTask<IAsyncDisposable> AcquireAsync(string resource, int limit, CancellationToken ct);
}
