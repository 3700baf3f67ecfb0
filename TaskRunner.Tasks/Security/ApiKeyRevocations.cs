using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using TaskRunner.Tasks.Progress;

namespace TaskRunner.Tasks.Security;

/// <summary>
/// Revokes keys and tells every Api process at once, over Redis pub/sub, to drop the key from its cache. The cache's
/// short lifetime stays the fallback when Redis is down.
/// </summary>
public sealed partial class ApiKeyRevocations(ApiKeyStore store, RedisConnection redis, ILogger<ApiKeyRevocations> logger)
{
    /// <summary>Messages are key hashes, never keys.</summary>
    public static readonly RedisChannel Channel = RedisChannel.Literal("taskrunner:api-keys:revoked");

    public async Task<bool> RevokeAsync(Guid id, CancellationToken ct)
    {
        var hash = await store.RevokeAsync(id, ct);
        if (hash is null)
        {
            return false;
        }

        try
        {
            var connection = await redis.GetAsync(ct);
            await connection.GetSubscriber().PublishAsync(Channel, hash);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogPublishFailed(ex, id);
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Key {KeyId} is revoked, but Redis could not tell the Api processes; their caches drop it within 30 s")]
    private partial void LogPublishFailed(Exception ex, Guid keyId);
}
