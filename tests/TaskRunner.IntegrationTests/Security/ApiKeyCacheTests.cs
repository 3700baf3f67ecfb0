using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using TaskRunner.Api.Security;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Security;

/// <summary>
/// The Api's key cache: bounded however many distinct keys arrive, and a revoked key still stops working when Redis,
/// which carries revocations, is away (the cache lifetime is the fallback).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ApiKeyCacheTests(PlatformFixture platform)
{
    private const int KeyCacheSize = 5;
    private const int MissCacheSize = 50;

    [Fact]
    public async Task Many_distinct_bad_keys_and_more_good_keys_than_fit_keep_both_caches_within_their_bounds()
    {
        var tenant = $"cache-bound-{Guid.NewGuid():N}"[..24];
        var good = new List<string>();
        for (var i = 0; i < KeyCacheSize + 3; i++)
        {
            good.Add((await platform.CreateKeyAsync(tenant)).Key);
        }

        await using var factory = CreateApi(new Dictionary<string, string>
        {
            ["Authentication__KeyCacheSize"] = KeyCacheSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Authentication__MissCacheSize"] = MissCacheSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        try
        {
            using var client = factory.CreateClient();
            var cache = factory.Services.GetRequiredService<ApiKeyCache>();
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, good[0]));

            // Four times the miss cache's size in keys that look real and are unknown: each is a 401 and a miss remembered.
            for (var i = 0; i < 4 * MissCacheSize; i++)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, $"trk_{Guid.NewGuid():N}{Guid.NewGuid():N}"));
            }

            Assert.InRange(cache.RememberedMisses, 1, MissCacheSize);

            // The flood went to the miss cache: the valid key is still known without a query.
            Assert.True(cache.IsCachedValid(good[0]), "A flood of bad keys pushed a valid key out of the cache.");

            foreach (var key in good.Skip(1))
            {
                Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, key));
            }

            Assert.InRange(cache.CachedKeys, 1, KeyCacheSize);
        }
        finally
        {
            // Hangfire's static log provider would otherwise point at this host's disposed logger factory.
            HangfireGlobals.DetachLogging();
        }
    }

    [Fact]
    public async Task A_key_revoked_while_redis_is_down_is_refused_once_its_cache_entry_expires()
    {
        await using var proxied = await ProxiedPlatform.StartAsync(platform, new Dictionary<string, string> { ["Authentication__KeyCacheSeconds"] = "2" });
        var key = await platform.CreateKeyAsync($"cache-ttl-{Guid.NewGuid():N}"[..22]);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(proxied.Client, key.Key));

        // The Api's Redis connection, which its revocation subscription uses, is cut; the CLI still publishes the
        // revocation on the real Redis, where this Api cannot hear it.
        proxied.Redis.GoDown();
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(proxied.Client, key.Key));
        var revoked = await ApiCli.RunAsync(platform.Settings, "keys", "revoke", "--id", key.Record.Id.ToString());
        Assert.Equal(0, revoked.ExitCode);

        // Only the cache entry's expiry can end the key here; wait for it, bounded far above its 2 s.
        var status = HttpStatusCode.OK;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (status == HttpStatusCode.OK && !deadline.IsCancellationRequested)
        {
            await Task.Delay(200);
            status = await StatusAsync(proxied.Client, key.Key);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(proxied.Redis.IsDown);
        using var again = await SendAsync(proxied.Client, key.Key);
        Assert.Equal("invalid_api_key", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    /// <summary>A second in-process Api with <paramref name="settings"/> (environment variables, read when the host is built).</summary>
    private static WebApplicationFactory<Program> CreateApi(IReadOnlyDictionary<string, string> settings)
    {
        var saved = settings.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (name, value) in settings)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            var factory = new WebApplicationFactory<Program>();
            _ = factory.Services;
            return factory;
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string key)
    {
        using var response = await SendAsync(client, key);
        return response.StatusCode;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks?pageSize=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await client.SendAsync(request);
    }
}
