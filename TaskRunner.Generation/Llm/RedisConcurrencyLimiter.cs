using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace TaskRunner.Generation.Llm;

/// <summary>
/// A distributed semaphore over a Redis sorted set of leases. Held leases are renewed in the background and
/// removed on dispose; a crashed process's leases expire after <c>leaseDuration</c>. Waiters poll with a
/// growing delay and are woken early by a pub/sub message when any process releases a slot while someone waits: a
/// refused acquire marks the set as waited on for <see cref="WaitingMark"/>, and a release publishes only under that
/// mark. Without it a burst of a thousand calls below the limit sent a thousand release messages to every subscribed
/// process, to wake no one.
/// </summary>
public sealed partial class RedisConcurrencyLimiter : ILlmConcurrencyLimiter
{
    private static readonly TimeSpan MinPoll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a refused acquire marks its set as waited on: beyond a waiter's longest sleep (poll and jitter).</summary>
    internal static readonly TimeSpan WaitingMark = MaxPoll * 4;

    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<RedisConcurrencyLimiter> _logger;
    private readonly TimeSpan _leaseDuration;
    private readonly string _keyPrefix;
    private readonly RedisChannel _releasedChannel;
    private Task? _subscription;
    private TaskCompletionSource _wake = NewSignal();

    public RedisConcurrencyLimiter(
        IConnectionMultiplexer redis,
        ILogger<RedisConcurrencyLimiter> logger,
        TimeSpan leaseDuration,
        string keyPrefix = "taskrunner:sem")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(leaseDuration, TimeSpan.FromSeconds(1));
        _redis = redis;
        _logger = logger;
        _leaseDuration = leaseDuration;
        _keyPrefix = keyPrefix;
        _releasedChannel = RedisChannel.Literal($"{keyPrefix}:released");
    }

    public async ValueTask<IAsyncDisposable> AcquireAsync(string resource, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await EnsureSubscribedAsync(ct);
        var key = (RedisKey)$"{_keyPrefix}:{resource}";
        var leaseId = Guid.NewGuid().ToString("N");
        var leaseMs = (long)_leaseDuration.TotalMilliseconds;
        var poll = MinPoll;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var wake = Volatile.Read(ref _wake);
            var acquired = (long)await _redis.GetDatabase().ScriptEvaluateAsync(
                RedisLeaseScripts.Acquire, [key, WaitingKey(key)], [limit, leaseId, leaseMs, (long)WaitingMark.TotalMilliseconds]);
            if (acquired == 1)
            {
                return new Lease(this, key, leaseId);
            }
            try
            {
                var jitter = TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)poll.TotalMilliseconds));
                await wake.Task.WaitAsync(poll + jitter, ct);
            }
            catch (TimeoutException)
            {
                poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, MaxPoll.Ticks));
            }
        }
    }

    /// <summary>
    /// Subscribes to release messages once it succeeds; a failed attempt is not remembered, so the next acquire tries
    /// again (the library re-subscribes on its own after reconnects once subscribed). Without the subscription waiters
    /// still poll, so a failure here only costs the early wake-up.
    /// </summary>
    private async Task EnsureSubscribedAsync(CancellationToken ct)
    {
        var current = Volatile.Read(ref _subscription);
        if (current is null || current.IsFaulted || current.IsCanceled)
        {
            var fresh = SubscribeAsync();
            current = Interlocked.CompareExchange(ref _subscription, fresh, current) == current ? fresh : Volatile.Read(ref _subscription)!;
        }
        try
        {
            await current.WaitAsync(ct);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogSubscribeFailed(_logger, ex, _releasedChannel.ToString());
        }
    }

    private async Task SubscribeAsync() =>
        await _redis.GetSubscriber().SubscribeAsync(_releasedChannel, (_, _) =>
            Interlocked.Exchange(ref _wake, NewSignal()).TrySetResult());

    private static RedisKey WaitingKey(RedisKey set) => $"{set}:waiting";

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Lease : IAsyncDisposable
    {
        private readonly RedisConcurrencyLimiter _owner;
        private readonly RedisKey _key;
        private readonly string _leaseId;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewal;
        private int _disposed;

        public Lease(RedisConcurrencyLimiter owner, RedisKey key, string leaseId)
        {
            _owner = owner;
            _key = key;
            _leaseId = leaseId;
            _renewal = RenewAsync(_stop.Token);
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }
            await _stop.CancelAsync();
            await _renewal;
            _stop.Dispose();
            try
            {
                // Sent, not awaited: the caller's run does not wait a round trip for its release (a burst of a thousand
                // generations ended a thousand leases at once). The command leaves in order on the process's connection,
                // ahead of any later acquire of this process; a release that is lost leaves the lease to expire.
                _ = _owner._redis.GetDatabase().ScriptEvaluateAsync(
                    RedisLeaseScripts.Release,
                    [_key, WaitingKey(_key)],
                    [_leaseId, _owner._releasedChannel.ToString(), _key.ToString()],
                    CommandFlags.FireAndForget);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
            {
                // The lease expires on its own; waiting callers only lose the early wake-up.
                LogReleaseFailed(_owner._logger, ex, _key.ToString());
            }
        }

        private async Task RenewAsync(CancellationToken stop)
        {
            var every = _owner._leaseDuration / 3;
            var leaseMs = (long)_owner._leaseDuration.TotalMilliseconds;
            try
            {
                while (true)
                {
                    await Task.Delay(every, stop);
                    try
                    {
                        var renewed = (long)await _owner._redis.GetDatabase().ScriptEvaluateAsync(
                            RedisLeaseScripts.Renew, [_key], [_leaseId, leaseMs]);
                        if (renewed == 0)
                        {
                            LogLeaseLost(_owner._logger, _key.ToString());
                            return;
                        }
                    }
                    catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
                    {
                        LogRenewFailed(_owner._logger, ex, _key.ToString());
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Released.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to {Channel} failed; waiters poll until a later acquire subscribes")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception ex, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Concurrency lease on {Key} expired while held; the limit may be briefly exceeded")]
    private static partial void LogLeaseLost(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing concurrency lease on {Key} failed")]
    private static partial void LogRenewFailed(ILogger logger, Exception ex, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing concurrency lease on {Key} failed; it will expire")]
    private static partial void LogReleaseFailed(ILogger logger, Exception ex, string key);
}
