using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using TaskRunner.Tasks.Security;

namespace TaskRunner.Api.Security;

/// <summary>
/// Looks keys up through a short-lived, bounded cache, so authenticating a request rarely costs a query. Found keys
/// and misses live in separate caches with their own size limits, so a flood of random keys cannot push real keys
/// out or grow memory. A revoked key is dropped at once when Redis says so (<see cref="ApiKeyRevocationListener"/>).
/// </summary>
public sealed class ApiKeyCache : IDisposable
{
    private static readonly TimeSpan NotFound = TimeSpan.FromSeconds(5);
    private readonly ApiKeyStore store;
    private readonly MemoryCache found;
    private readonly MemoryCache missing;
    private readonly TimeSpan foundLifetime;
    private long revocations;

    public ApiKeyCache(ApiKeyStore store, IOptions<AuthenticationLimitOptions> options)
    {
        this.store = store;
        foundLifetime = TimeSpan.FromSeconds(options.Value.KeyCacheSeconds);
        found = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.KeyCacheSize });
        missing = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.MissCacheSize });
    }

    public async Task<ApiKeyRecord?> FindAsync(string key, CancellationToken ct)
    {
        if (!ApiKeyStore.LooksLikeKey(key))
        {
            return null;
        }

        var hash = ApiKeyStore.Hash(key);
        if (found.TryGetValue(hash, out ApiKeyRecord? cached))
        {
            return cached;
        }

        if (missing.TryGetValue(hash, out _))
        {
            return null;
        }

        // A revocation that lands while we query must not be undone by caching what we read before it.
        var revocationsBefore = Interlocked.Read(ref revocations);
        var record = await store.FindAsync(key, ct);
        if (record is null)
        {
            missing.Set(hash, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = NotFound });
        }
        else if (Interlocked.Read(ref revocations) == revocationsBefore)
        {
            found.Set(hash, record, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = foundLifetime });
        }

        return record;
    }

    /// <summary>Valid keys cached now; never above <see cref="AuthenticationLimitOptions.KeyCacheSize"/> (tests read it).</summary>
    internal int CachedKeys => found.Count;

    /// <summary>Unknown keys remembered now; never above <see cref="AuthenticationLimitOptions.MissCacheSize"/> (tests read it).</summary>
    internal int RememberedMisses => missing.Count;

    /// <summary>Whether the key is known to be valid without asking Postgres (lets known keys past the failure throttle).</summary>
    public bool IsCachedValid(string key) => ApiKeyStore.LooksLikeKey(key) && found.TryGetValue(ApiKeyStore.Hash(key), out _);

    public void Evict(string keyHash)
    {
        Interlocked.Increment(ref revocations);
        found.Remove(keyHash);
    }

    public void Dispose()
    {
        found.Dispose();
        missing.Dispose();
    }
}
