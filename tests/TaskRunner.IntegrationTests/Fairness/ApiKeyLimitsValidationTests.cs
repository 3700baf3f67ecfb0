using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Fairness;

/// <summary>
/// The admin endpoints that set a key's own in-flight caps: bad caps get a 400 problem naming the field and change
/// nothing, an unknown or revoked key gets 404, and only operator keys may set caps (a tenant admin key gets 403).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ApiKeyLimitsValidationTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("""{"llm":-1}""", "maxInFlight.llm", "invalid_max_in_flight")]
    [InlineData("""{"llm":100001}""", "maxInFlight.llm", "invalid_max_in_flight")]
    [InlineData("""{"gpu":1}""", "maxInFlight.gpu", "unknown_queue_family")]
    [InlineData("""{"0_high_llm":1}""", "maxInFlight.0_high_llm", "unknown_queue_family")]
    [InlineData("""{"llm":"two"}""", "maxInFlight.llm", "invalid_json")]
    public async Task Bad_caps_are_refused_naming_the_field_on_create_and_on_update_and_change_nothing(string caps, string field, string code)
    {
        var tenant = $"keylim-{Guid.NewGuid():N}"[..20];
        using (var create = await SendAsync(HttpMethod.Post, "/api/v1/admin/keys", $$"""{"tenant":"{{tenant}}","maxInFlight":{{caps}}}"""))
        {
            await AssertProblemAsync(create, field, code);
        }

        var keys = await ListAsync(tenant);
        Assert.Equal(0, keys.GetArrayLength());

        var id = await CreateAsync(tenant, """{"embed":3}""");
        using (var update = await SendAsync(HttpMethod.Put, $"/api/v1/admin/keys/{id}/limits", $$"""{"maxInFlight":{{caps}}}"""))
        {
            await AssertProblemAsync(update, field, code);
        }

        var kept = (await ListAsync(tenant))[0].GetProperty("maxInFlight");
        Assert.Equal("""{"embed":3}""", kept.GetRawText());
    }

    [Fact]
    public async Task Caps_are_listed_replaced_as_a_whole_and_removed_with_an_empty_object()
    {
        var tenant = $"keylim-{Guid.NewGuid():N}"[..20];
        var id = await CreateAsync(tenant, """{"llm":2,"*":5}""");
        var listed = (await ListAsync(tenant))[0].GetProperty("maxInFlight");
        Assert.Equal(2, listed.GetProperty("llm").GetInt32());
        Assert.Equal(5, listed.GetProperty("*").GetInt32());

        using (var replaced = await SendAsync(HttpMethod.Put, $"/api/v1/admin/keys/{id}/limits", """{"maxInFlight":{"ingest":0,"llm":1}}"""))
        {
            Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        }

        listed = (await ListAsync(tenant))[0].GetProperty("maxInFlight");
        Assert.Equal(1, listed.GetProperty("llm").GetInt32());
        Assert.Equal(0, listed.GetProperty("ingest").GetInt32());
        Assert.False(listed.TryGetProperty("*", out _));

        using (var cleared = await SendAsync(HttpMethod.Put, $"/api/v1/admin/keys/{id}/limits", """{"maxInFlight":{}}"""))
        {
            Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        }

        Assert.Equal("{}", (await ListAsync(tenant))[0].GetProperty("maxInFlight").GetRawText());

        using var missing = await SendAsync(HttpMethod.Put, $"/api/v1/admin/keys/{id}/limits", "{}");
        await AssertProblemAsync(missing, "maxInFlight", "max_in_flight_missing");
    }

    [Fact]
    public async Task An_unknown_or_revoked_key_is_404_and_a_tenant_admin_key_is_403()
    {
        using (var unknown = await SendAsync(HttpMethod.Put, $"/api/v1/admin/keys/{Guid.NewGuid()}/limits", """{"maxInFlight":{"llm":1}}"""))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        }

        var tenant = $"keylim-{Guid.NewGuid():N}"[..20];
        var revokedId = await CreateAsync(tenant, "{}");
        (await platform.Client.DeleteAsync($"/api/v1/admin/keys/{revokedId}")).Dispose();
        using (var revoked = await SendAsync(HttpMethod.Put, $"/api/v1/admin/keys/{revokedId}/limits", """{"maxInFlight":{"llm":1}}"""))
        {
            Assert.Equal(HttpStatusCode.NotFound, revoked.StatusCode);
        }

        // A tenant admin may not raise (or set) caps, not even on its own tenant's keys: caps are the platform's to give.
        var ownId = await CreateAsync(tenant, """{"llm":1}""");
        using var tenantAdmin = await platform.CreateClientAsync(tenant, admin: true);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/keys/{ownId}/limits")
        {
            Content = new StringContent("""{"maxInFlight":{"llm":100}}""", Encoding.UTF8, "application/json"),
        };
        using var forbidden = await tenantAdmin.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(1, (await ListAsync(tenant)).EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == ownId).GetProperty("maxInFlight").GetProperty("llm").GetInt32());
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string json)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        return await platform.Client.SendAsync(request);
    }

    private async Task<Guid> CreateAsync(string tenant, string caps)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/admin/keys", $$"""{"tenant":"{{tenant}}","maxInFlight":{{caps}}}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("record").GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> ListAsync(string tenant) =>
        await platform.Client.GetFromJsonAsync<JsonElement>($"/api/v1/admin/keys?tenant={tenant}");

    private static async Task AssertProblemAsync(HttpResponseMessage response, string field, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }
}
