using Microsoft.Extensions.Caching.Memory;
using TaskRunner.Tasks.Security;

namespace TaskRunner.Api.Security;

/// <summary>Looks keys up through a short-lived cache, so authenticating a request rarely costs a query.</summary>
public sealed class ApiKeyCache(ApiKeyStore store, IMemoryCache cache)
{
    private static readonly TimeSpan Found = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan NotFound = TimeSpan.FromSeconds(5);

    public async Task<ApiKeyRecord?> FindAsync(string key, CancellationToken ct)
    {
        var cacheKey = "apikey:" + ApiKeyStore.Hash(key);
        if (cache.TryGetValue(cacheKey, out ApiKeyRecord? cached))
        {
            return cached;
        }

        var record = await store.FindAsync(key, ct);
        cache.Set(cacheKey, record, record is null ? NotFound : Found);
        return record;
    }
}
