using Microsoft.Extensions.Options;
using TaskRunner.Generation.Llm;
using TaskRunner.Tasks.Progress;
using Microsoft.Extensions.Logging;

namespace TaskRunner.Generation.Llm;

/// <summary>
/// The Redis-backed LLM concurrency limit over the process's one <see cref="RedisConnection"/>, which connects
/// asynchronously on first use; so every Worker process counts against the same Llm:MaxConcurrency.
/// </summary>
public sealed class SharedLlmConcurrencyLimiter(RedisConnection redis, IOptions<LlmOptions> options, ILoggerFactory loggers)
    : ILlmConcurrencyLimiter, IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private RedisConcurrencyLimiter? limiter;

    public async ValueTask<IAsyncDisposable> AcquireAsync(string resource, int limit, CancellationToken ct)
    {
        var ready = limiter ?? await CreateAsync(ct);
        return await ready.AcquireAsync(resource, limit, ct);
    }

    public void Dispose() => gate.Dispose();

    private async Task<RedisConcurrencyLimiter> CreateAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            return limiter ??= new RedisConcurrencyLimiter(
                await redis.GetAsync(ct),
                loggers.CreateLogger<RedisConcurrencyLimiter>(),
                TimeSpan.FromSeconds(options.Value.ConcurrencyLeaseSeconds));
        }
        finally
        {
            gate.Release();
        }
    }
}
