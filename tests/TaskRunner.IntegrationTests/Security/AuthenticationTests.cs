using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Security;

[Collection(PlatformCollection.Name)]
public sealed class AuthenticationTests(PlatformFixture platform)
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/api/v1/documents" },
        { "GET", $"/api/v1/documents/{Guid.NewGuid()}" },
        { "GET", $"/api/v1/documents/{Guid.NewGuid()}/chunks" },
        { "POST", "/api/v1/documents" },
        { "GET", "/api/v1/tasks" },
        { "GET", $"/api/v1/tasks/{Guid.NewGuid()}" },
        { "GET", $"/api/v1/tasks/{Guid.NewGuid()}/events" },
        { "POST", $"/api/v1/tasks/{Guid.NewGuid()}/cancel" },
        { "POST", $"/api/v1/tasks/{Guid.NewGuid()}/retry" },
        { "POST", "/api/v1/search" },
        { "POST", "/api/v1/diagnostics/noop" },
        { "POST", "/api/v1/tasks" },
        { "DELETE", $"/api/v1/tasks/{Guid.NewGuid()}" },
        { "POST", "/api/v1/batches" },
        { "GET", $"/api/v1/batches/{Guid.NewGuid()}" },
        { "GET", $"/api/v1/batches/{Guid.NewGuid()}/results" },
        { "POST", $"/api/v1/batches/{Guid.NewGuid()}/retry" },
        { "GET", "/api/v1/llm/stats" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_api_endpoint_answers_401_without_a_key(string method, string url)
    {
        using var client = platform.CreateAnonymousClient();
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_or_revoked_key_is_401_invalid_api_key()
    {
        using var client = platform.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "trk_thisisnotakey");
        using var response = await client.GetAsync("/api/v1/tasks");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_valid_key_in_x_api_key_is_refused_with_401_and_told_to_use_bearer()
    {
        using var keyed = await platform.CreateClientAsync("tenant-x-api-key");
        var key = keyed.DefaultRequestHeaders.Authorization!.Parameter!;
        Assert.Equal(HttpStatusCode.OK, (await keyed.GetAsync("/api/v1/tasks")).StatusCode);

        using var client = platform.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        using var response = await client.GetAsync("/api/v1/tasks");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unauthorized", problem.GetProperty("code").GetString());
        Assert.Contains("Authorization: Bearer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_endpoints_refuse_a_key_without_the_admin_flag()
    {
        using var client = await platform.CreateClientAsync("tenant-not-admin");
        using var response = await client.PostAsync("/api/v1/admin/reconcile", null);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("forbidden", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Health_and_openapi_need_no_key()
    {
        using var client = platform.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task A_key_over_its_limit_gets_429_with_retry_after()
    {
        using var client = await platform.CreateClientAsync("tenant-limited", requestsPerMinute: 3);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await client.GetAsync("/api/v1/tasks");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses.Take(3));
        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("rate_limited", (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
