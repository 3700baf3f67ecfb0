using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TaskRunner.Tasks.Progress;

namespace TaskRunner.Generation.Llm;

/// <summary>
/// The LLM concurrency limit of a Worker: the Redis-backed limit over the process's one <see cref="RedisConnection"/>,
/// so every Worker process counts against the same Llm:MaxConcurrency; while Redis is unreachable, an in-process
/// limit of this process's share (<see cref="LlmOptions.LocalShare"/>), so LLM work goes on through an outage and
/// returns to the shared limit as soon as Redis answers again. A Redis error never fails the caller.
/// </summary>
public sealed partial class SharedLlmConcurrencyLimiter(RedisConnection redis, IOptions<LlmOptions> options, ILogger<SharedLlmConcurrencyLimiter> logger, ILoggerFactory loggers)
    : ILlmConcurrencyLimiter, IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly LocalConcurrencyLimiter local = new();
    private RedisConcurrencyLimiter? limiter;
    private int usingLocal;

    /// <summary>True after the last slot was handed out by the in-process fallback (Redis unreachable).</summary>
    public bool UsingLocalFallback => Volatile.Read(ref usingLocal) == 1;

    public async ValueTask<IAsyncDisposable> AcquireAsync(string resource, int limit, CancellationToken ct)
    {
        try
        {
            var connection = await redis.GetAsync(ct);
            if (connection.IsConnected)
            {
                var ready = limiter ?? await CreateAsync(connection, ct);
                var lease = await ready.AcquireAsync(resource, limit, ct);
                if (Interlocked.Exchange(ref usingLocal, 0) == 1)
                {
                    LogBackToRedis(resource);
                }
                return lease;
            }
        }
        catch (Exception ex) when (IsRedisFailure(ex) && !ct.IsCancellationRequested)
        {
            LogRedisFailed(ex, resource);
        }

        var share = options.Value.LocalShare(limit);
        if (Interlocked.Exchange(ref usingLocal, 1) == 0)
        {
            LogFallingBack(resource, share, limit);
        }
        return await local.AcquireAsync(resource, share, ct);
    }

    public void Dispose() => gate.Dispose();

    private static bool IsRedisFailure(Exception ex) => ex is RedisException or TimeoutException or ObjectDisposedException;

    private async Task<RedisConcurrencyLimiter> CreateAsync(IConnectionMultiplexer connection, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            return limiter ??= new RedisConcurrencyLimiter(
                connection,
                loggers.CreateLogger<RedisConcurrencyLimiter>(),
                TimeSpan.FromSeconds(options.Value.ConcurrencyLeaseSeconds));
        }
        finally
        {
            gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unreachable; LLM calls on {Resource} are limited to this process's share of {Share} of {Limit} until it returns")]
    private partial void LogFallingBack(string resource, int share, int limit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis answers again; LLM calls on {Resource} use the shared limit")]
    private partial void LogBackToRedis(string resource);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Acquiring a shared LLM slot on {Resource} failed; using the in-process limit")]
    private partial void LogRedisFailed(Exception ex, string resource);
}
