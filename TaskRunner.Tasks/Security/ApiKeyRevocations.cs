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

    /// <summary>
    /// Revokes the key and publishes its hash; returns that hash (for the caller's own cache, which must not wait for
    /// the message to come back), or null when no active key has this id.
    /// </summary>
    public async Task<string?> RevokeAsync(Guid id, CancellationToken ct)
    {
        var hash = await store.RevokeAsync(id, ct);
        if (hash is null)
        {
            return null;
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

        return hash;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Key {KeyId} is revoked, but Redis could not tell the Api processes; their caches drop it within 30 s")]
    private partial void LogPublishFailed(Exception ex, Guid keyId);
}
