using System.Collections.Concurrent;

namespace TaskRunner.Generation.Llm;

/// <summary>An in-process limiter, used when no Redis is registered (a single process, tests, the offline path).</summary>
public sealed class LocalConcurrencyLimiter : ILlmConcurrencyLimiter
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _semaphores = new();

    public async ValueTask<IAsyncDisposable> AcquireAsync(string resource, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var semaphore = _semaphores.GetOrAdd($"{resource}:{limit}", _ => new SemaphoreSlim(limit, limit));
        await semaphore.WaitAsync(ct);
        return new Release(semaphore);
    }

    private sealed class Release(SemaphoreSlim semaphore) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
            return ValueTask.CompletedTask;
        }
    }
}
