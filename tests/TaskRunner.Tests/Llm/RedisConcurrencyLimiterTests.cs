using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using TaskRunner.Generation.Llm;

namespace TaskRunner.Tests.Llm;

public sealed class RedisConcurrencyLimiterTests
{
    private static string ConnectionString =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Redis") is { Length: > 0 } cs ? cs : "127.0.0.1:6379";

    private static RedisConcurrencyLimiter Limiter(IConnectionMultiplexer redis, string prefix, TimeSpan? lease = null) =>
        new(redis, NullLogger<RedisConcurrencyLimiter>.Instance, lease ?? TimeSpan.FromSeconds(30), prefix);

    [Fact]
    public async Task Many_acquirers_across_processes_never_exceed_the_limit()
    {
        var prefix = $"test:sem:{Guid.NewGuid():N}";
        // Two multiplexers and two limiters stand in for two worker processes.
        await using var redisA = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
        await using var redisB = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
        var limiters = new[] { Limiter(redisA, prefix), Limiter(redisB, prefix) };
        const int limit = 3;
        var holders = 0;
        var maxHolders = 0;
        var completed = 0;

        var workers = Enumerable.Range(0, 40).Select(async i =>
        {
            await using (await limiters[i % 2].AcquireAsync("llm", limit, CancellationToken.None))
            {
                var now = Interlocked.Increment(ref holders);
                InterlockedMax(ref maxHolders, now);
                await Task.Delay(Random.Shared.Next(5, 30));
                Interlocked.Decrement(ref holders);
            }
            Interlocked.Increment(ref completed);
        });
        await Task.WhenAll(workers);

        Assert.Equal(40, completed);
        Assert.InRange(maxHolders, 1, limit);
        // A release is sent without waiting for Redis's reply; a command on each connection is served after that connection's releases.
        await redisA.GetDatabase().PingAsync();
        Assert.Equal(0, await redisB.GetDatabase().SortedSetLengthAsync($"{prefix}:llm"));
    }

    [Fact]
    public async Task A_crashed_holders_lease_expires_and_frees_its_slot()
    {
        var prefix = $"test:sem:{Guid.NewGuid():N}";
        await using var survivor = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
        var crashing = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
        var lease = TimeSpan.FromSeconds(1);
        var held = await Limiter(crashing, prefix, lease).AcquireAsync("llm", 1, CancellationToken.None);
        await crashing.DisposeAsync(); // the process dies: no renewal, no release

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using (await Limiter(survivor, prefix, lease).AcquireAsync("llm", 1, timeout.Token))
        {
            Assert.Equal(1, await survivor.GetDatabase().SortedSetLengthAsync($"{prefix}:llm"));
        }
        await held.DisposeAsync(); // releasing through a dead connection only logs
    }

    [Fact]
    public async Task A_held_lease_is_renewed_beyond_its_duration()
    {
        var prefix = $"test:sem:{Guid.NewGuid():N}";
        await using var redis = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
        // A 2 s lease renewed every ~0.67 s: the margin has to survive a machine busy with other test assemblies.
        var limiter = Limiter(redis, prefix, TimeSpan.FromSeconds(2));
        await using var held = await limiter.AcquireAsync("llm", 1, CancellationToken.None);

        await Task.Delay(TimeSpan.FromSeconds(5));
        using var shortWait = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await limiter.AcquireAsync("llm", 1, shortWait.Token));
    }

    [Fact]
    public async Task Waiting_is_cancellable()
    {
        var prefix = $"test:sem:{Guid.NewGuid():N}";
        await using var redis = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
        var limiter = Limiter(redis, prefix);
        await using var held = await limiter.AcquireAsync("llm", 1, CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await limiter.AcquireAsync("llm", 1, cts.Token));
    }

    [Fact]
    public async Task A_release_wakes_waiters_by_message_only_while_someone_waits()
    {
        var prefix = $"test:sem:{Guid.NewGuid():N}";
        var channel = RedisChannel.Literal($"{prefix}:released");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
        await using var observer = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
        var messages = System.Threading.Channels.Channel.CreateUnbounded<string>();
        await observer.GetSubscriber().SubscribeAsync(channel, (_, message) => messages.Writer.TryWrite(message.ToString()));
        var limiter = Limiter(redis, prefix);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        // Below the limit nobody waits: the release sends no message. A marker published on the same connection after the
        // release arrives after anything the release published, so it is the first message only if the release sent none.
        await (await limiter.AcquireAsync("llm", 2, timeout.Token)).DisposeAsync();
        await redis.GetSubscriber().PublishAsync(channel, "marker");
        Assert.Equal("marker", await messages.Reader.ReadAsync(timeout.Token));

        // At the limit a second caller waits; the holder's release announces itself and the waiter gets the slot.
        var held = await limiter.AcquireAsync("llm", 1, timeout.Token);
        var waiter = limiter.AcquireAsync("llm", 1, timeout.Token).AsTask();
        while (!await redis.GetDatabase().KeyExistsAsync($"{prefix}:llm:waiting"))
        {
            await Task.Delay(10, timeout.Token);
        }

        Assert.False(waiter.IsCompleted);
        await held.DisposeAsync();
        Assert.Equal($"{prefix}:llm", await messages.Reader.ReadAsync(timeout.Token));
        await (await waiter).DisposeAsync();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}
