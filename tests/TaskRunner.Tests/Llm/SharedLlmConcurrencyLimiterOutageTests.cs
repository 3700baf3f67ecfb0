using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TaskRunner.Generation.Llm;
using TaskRunner.Tasks.Progress;
using TaskRunner.Testing.Faults;

namespace TaskRunner.Tests.Llm;

/// <summary>The LLM limit through a Redis outage, with the real Redis behind a proxy that the test cuts.</summary>
public sealed class SharedLlmConcurrencyLimiterOutageTests
{
    private static string RedisEndpoint =>
        (Environment.GetEnvironmentVariable("ConnectionStrings__Redis") is { Length: > 0 } cs ? cs : "127.0.0.1:6379").Split(',')[0];

    [Fact]
    public async Task Redis_down_at_the_first_call_gives_this_processes_share_and_the_shared_limit_returns_with_redis()
    {
        var endpoint = RedisEndpoint.Split(':');
        await using var proxy = new TcpProxy(endpoint[0], int.Parse(endpoint[1], System.Globalization.CultureInfo.InvariantCulture));
        await using var direct = await ConnectionMultiplexer.ConnectAsync(RedisEndpoint);
        proxy.GoDown();
        await using var redis = new RedisConnection($"127.0.0.1:{proxy.Port},connectTimeout=1000,asyncTimeout=1000,syncTimeout=1000", NullLogger<RedisConnection>.Instance);
        using var limiter = new SharedLlmConcurrencyLimiter(
            redis, Options.Create(new LlmOptions { MaxConcurrency = 4, LocalShareDivisor = 2 }), NullLogger<SharedLlmConcurrencyLimiter>.Instance, NullLoggerFactory.Instance);
        var resource = $"test-{Guid.NewGuid():N}";
        var key = (RedisKey)$"taskrunner:sem:{resource}";

        // Redis down before the first call: the process's share, max(1, 4 / 2) = 2 slots, and no error.
        var first = await limiter.AcquireAsync(resource, 4, CancellationToken.None);
        var second = await limiter.AcquireAsync(resource, 4, CancellationToken.None);
        Assert.True(limiter.UsingLocalFallback);
        using (var shortWait = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await limiter.AcquireAsync(resource, 4, shortWait.Token));
        }
        await first.DisposeAsync();
        var third = await limiter.AcquireAsync(resource, 4, CancellationToken.None);
        await second.DisposeAsync();
        await third.DisposeAsync();

        // Redis back: a later call holds a lease in Redis again (the failed first subscription is not remembered).
        proxy.ComeBack();
        var shared = await AcquireSharedAsync(limiter, resource);
        Assert.False(limiter.UsingLocalFallback);
        Assert.Equal(1, await direct.GetDatabase().SortedSetLengthAsync(key));

        // Redis cut while a lease is held: giving it back does not throw, and the next call falls back at once.
        proxy.GoDown();
        await shared.DisposeAsync();
        await using (await limiter.AcquireAsync(resource, 4, CancellationToken.None))
        {
            Assert.True(limiter.UsingLocalFallback);
        }

        proxy.ComeBack();
        await (await AcquireSharedAsync(limiter, resource)).DisposeAsync();
        Assert.False(limiter.UsingLocalFallback);
        await direct.GetDatabase().KeyDeleteAsync(key);
    }

    /// <summary>Acquires until a slot comes from Redis again: the client reconnects in the background within seconds.</summary>
    private static async Task<IAsyncDisposable> AcquireSharedAsync(SharedLlmConcurrencyLimiter limiter, string resource)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var lease = await limiter.AcquireAsync(resource, 4, CancellationToken.None);
            if (!limiter.UsingLocalFallback || DateTime.UtcNow > deadline)
            {
                return lease;
            }
            await lease.DisposeAsync();
            await Task.Delay(200);
        }
    }
}
