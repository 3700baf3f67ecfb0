using StackExchange.Redis;
using TaskRunner.Tasks.Progress;
using TaskRunner.Tasks.Security;

namespace TaskRunner.Api.Security;

/// <summary>Subscribes to key revocations on Redis and drops each revoked key from this process's cache at once.</summary>
public sealed partial class ApiKeyRevocationListener(RedisConnection redis, ApiKeyCache cache, ILogger<ApiKeyRevocationListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Once subscribed, the connection restores the subscription after a reconnect; until then the cache TTL applies.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var connection = await redis.GetAsync(stoppingToken);
                await connection.GetSubscriber().SubscribeAsync(ApiKeyRevocations.Channel, (_, hash) =>
                {
                    if (!hash.IsNullOrEmpty)
                    {
                        cache.Evict(hash.ToString());
                    }
                });
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogSubscribeFailed(ex);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to key revocations yet (retrying in 5 s); meanwhile revoked keys stop working when their cache entry expires (30 s)")]
    private partial void LogSubscribeFailed(Exception ex);
}
