using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Security;

/// <summary>Guessing keys is throttled per address before any lookup, and a revoked key stops working at once.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AuthenticationCostTests(PlatformFixture platform)
{
    [Fact]
    public async Task Many_bad_keys_from_one_address_get_429_with_retry_after_while_known_keys_still_work()
    {
        var good = await platform.CreateKeyAsync("tenant-throttle");
        var settings = platform.Settings.ToDictionary();

        // One failure, then one more a minute. The bucket refills on a timer that may tick once during the test,
        // so after the first failure at most one more request can get through; every other one must be 429.
        settings["Authentication__FailuresPerMinute"] = "1";
        await using var api = await ApiProcess.StartAsync(settings);
        using var client = new HttpClient { BaseAddress = api.BaseAddress };

        // The good key is used once first, so this process knows it.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, good.Key)).StatusCode);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10; i++)
        {
            var response = await SendAsync(client, $"trk_{Guid.NewGuid():N}{Guid.NewGuid():N}");
            statuses.Add(response.StatusCode);
            limited ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
            if (i == 0)
            {
                // Let the limiter's 100 ms heartbeat add a fraction of a token: a probe that accepted any fraction
                // once let every later bad key through uncharged (the cause of this test's old flakiness).
                await Task.Delay(TimeSpan.FromMilliseconds(300));
            }
        }

        Assert.Equal(HttpStatusCode.Unauthorized, statuses[0]);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, s.ToString()));
        Assert.True(statuses.Count(s => s == HttpStatusCode.TooManyRequests) >= statuses.Count - 2, string.Join(", ", statuses));
        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var problem = await limited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("too_many_failed_attempts", problem.GetProperty("code").GetString());
        Assert.Equal(429, problem.GetProperty("status").GetInt32());

        // Requests without any key count as failures too, and the sign-in form is throttled the same way.
        Assert.True(await IsThrottledAsync(() => client.GetAsync("/api/v1/tasks")));
        Assert.True(await IsThrottledAsync(() => client.PostAsync("/hangfire/sign-in", new FormUrlEncodedContent([]))));

        // A key this process already knows is valid still passes: one bad client behind a shared address locks nobody out.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, good.Key)).StatusCode);
    }

    /// <summary>429 at once, or after the one request a refill may let through.</summary>
    private static async Task<bool> IsThrottledAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var i = 0; i < 2; i++)
        {
            using var response = await send();
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public async Task A_key_revoked_through_the_cli_is_refused_by_the_running_api_before_its_cache_entry_expires()
    {
        // The fixture caches valid keys for 10 minutes (Authentication__KeyCacheSeconds), so only the revocation
        // message can make the Api forget this key within the test.
        var key = await platform.CreateKeyAsync("tenant-revoke");
        using var client = platform.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, key.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, key.Key)).StatusCode);

        var revoked = await ApiCli.RunAsync(platform.Settings, "keys", "revoke", "--id", key.Record.Id.ToString());
        Assert.Equal(0, revoked.ExitCode);
        Assert.Contains("Revoked key", revoked.StandardError, StringComparison.Ordinal);

        // Delivery over Redis is asynchronous, so wait for it, bounded far below the cache lifetime.
        var status = HttpStatusCode.OK;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (status == HttpStatusCode.OK && !deadline.IsCancellationRequested)
        {
            status = (await SendAsync(client, key.Key)).StatusCode;
            if (status == HttpStatusCode.OK)
            {
                await Task.Delay(50);
            }
        }

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        var again = await SendAsync(client, key.Key);
        Assert.Equal("invalid_api_key", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(1, (await ApiCli.RunAsync(platform.Settings, "keys", "revoke", "--id", key.Record.Id.ToString())).ExitCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await client.SendAsync(request);
    }
}
