using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Security;

/// <summary>The Hangfire dashboard and the diagnostics endpoints belong to operators; nothing opens them by address or URL.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DashboardAccessTests(PlatformFixture platform)
{
    [Fact]
    public async Task The_dashboard_without_a_session_sends_browsers_to_sign_in_and_answers_401_otherwise()
    {
        using var browser = platform.CreateBrowserClient();
        using var page = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        page.Headers.Accept.ParseAdd("text/html");
        using var redirected = await browser.SendAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.Equal("/hangfire/sign-in", redirected.Headers.Location?.OriginalString);

        using var api = await browser.GetAsync("/hangfire/stats");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("unauthorized", (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Tenant_keys_admin_or_not_get_403_at_the_dashboard(bool admin)
    {
        var key = await platform.CreateKeyAsync("tenant-dashboard", admin: admin);
        using var client = platform.CreateBrowserClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);
        using var response = await client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(DashboardSignIn.SetCookieHeaders(response));
    }

    [Fact]
    public async Task An_operator_key_in_a_header_opens_the_dashboard()
    {
        var key = await platform.CreateKeyAsync("operator", isOperator: true);
        using var client = platform.CreateBrowserClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);
        using var response = await client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_key_in_the_query_string_opens_nothing()
    {
        var key = await platform.CreateKeyAsync("operator", admin: true, isOperator: true);
        using var client = platform.CreateBrowserClient();
        using var dashboard = await client.GetAsync($"/hangfire?api_key={key.Key}");
        Assert.Equal(HttpStatusCode.Unauthorized, dashboard.StatusCode);
        Assert.DoesNotContain(DashboardSignIn.SetCookieHeaders(dashboard), c => c.StartsWith(DashboardSignIn.SessionCookie, StringComparison.Ordinal));
        using var api = await client.GetAsync($"/api/v1/tasks?api_key={key.Key}");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Signing_in_with_an_operator_key_gives_a_signed_httponly_strict_secure_session_that_is_not_the_key()
    {
        var key = await platform.CreateKeyAsync("operator", isOperator: true);
        using var browser = platform.CreateBrowserClient(https: true);
        using var signedIn = await DashboardSignIn.PostKeyAsync(browser, key.Key);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/hangfire", signedIn.Headers.Location?.OriginalString);
        var setCookie = DashboardSignIn.SetCookieHeaders(signedIn).Single(c => c.StartsWith(DashboardSignIn.SessionCookie + "=", StringComparison.Ordinal));
        var attributes = setCookie.ToLowerInvariant();
        Assert.Contains("httponly", attributes, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", attributes, StringComparison.Ordinal);
        Assert.Contains("secure", attributes, StringComparison.Ordinal);
        Assert.Contains("path=/hangfire", attributes, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Key, setCookie, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Key[4..20], setCookie, StringComparison.Ordinal);

        var session = setCookie.Split(';')[0];
        using var dashboard = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        dashboard.Headers.Add("Cookie", session);
        using var opened = await browser.SendAsync(dashboard);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);

        // A tampered cookie is not a session.
        using var tampered = new HttpRequestMessage(HttpMethod.Get, "/hangfire/stats");
        tampered.Headers.Add("Cookie", session[..^4] + (session.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(tampered)).StatusCode);
    }

    [Fact]
    public async Task A_signed_in_operator_can_use_the_dashboards_own_requests()
    {
        var key = await platform.CreateKeyAsync("operator", isOperator: true);
        using var browser = platform.CreateBrowserClient();
        var session = await DashboardSignIn.SignInAsync(browser, key.Key);

        using var page = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        page.Headers.Add("Cookie", session);
        using var opened = await browser.SendAsync(page);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var html = await opened.Content.ReadAsStringAsync();
        var header = System.Text.RegularExpressions.Regex.Match(html, "name=\"csrf-header\" content=\"([^\"]+)\"").Groups[1].Value;
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"csrf-token\" content=\"([^\"]+)\"").Groups[1].Value;
        var cookies = DashboardSignIn.CookiePairs(opened).Append(session);

        // The page's script polls its statistics with a POST carrying the antiforgery token, as a browser would.
        using var stats = new HttpRequestMessage(HttpMethod.Post, "/hangfire/stats")
        {
            Content = new FormUrlEncodedContent([new("metrics[]", "servers:count")]),
        };
        stats.Headers.Add("Cookie", string.Join("; ", cookies));
        if (header.Length > 0)
        {
            stats.Headers.Add(header, System.Net.WebUtility.HtmlDecode(token));
        }

        using var polled = await browser.SendAsync(stats);
        Assert.Equal(HttpStatusCode.OK, polled.StatusCode);
    }

    [Fact]
    public async Task Over_plain_http_the_session_cookie_is_not_marked_secure()
    {
        var key = await platform.CreateKeyAsync("operator", isOperator: true);
        using var browser = platform.CreateBrowserClient();
        using var signedIn = await DashboardSignIn.PostKeyAsync(browser, key.Key);
        var setCookie = DashboardSignIn.SetCookieHeaders(signedIn).Single(c => c.StartsWith(DashboardSignIn.SessionCookie + "=", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", setCookie.ToLowerInvariant(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_refuses_tenant_keys_unknown_keys_multipart_bodies_and_posts_without_the_antiforgery_token()
    {
        var tenantAdmin = await platform.CreateKeyAsync("tenant-dashboard", admin: true);
        var operatorKey = await platform.CreateKeyAsync("operator", isOperator: true);
        using var browser = platform.CreateBrowserClient();

        using var tenant = await DashboardSignIn.PostKeyAsync(browser, tenantAdmin.Key);
        Assert.Equal(HttpStatusCode.Forbidden, tenant.StatusCode);
        using var unknown = await DashboardSignIn.PostKeyAsync(browser, "trk_" + new string('x', 43));
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        using var forged = await DashboardSignIn.PostKeyAsync(browser, operatorKey.Key, withAntiforgeryToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using var multipart = await browser.PostAsync("/hangfire/sign-in", new MultipartFormDataContent { { new StringContent(operatorKey.Key), "key" } });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, multipart.StatusCode);
        foreach (var response in new[] { tenant, unknown, forged, multipart })
        {
            Assert.DoesNotContain(DashboardSignIn.CookiePairs(response), c => c.StartsWith(DashboardSignIn.SessionCookie + "=", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Revoking_an_operator_key_ends_its_dashboard_session()
    {
        var key = await platform.CreateKeyAsync("operator", isOperator: true);
        using var browser = platform.CreateBrowserClient();
        var session = await DashboardSignIn.SignInAsync(browser, key.Key);

        var revoked = await ApiCli.RunAsync(platform.Settings, "keys", "revoke", "--id", key.Record.Id.ToString());
        Assert.Equal(0, revoked.ExitCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire/stats");
        request.Headers.Add("Cookie", session);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Diagnostics_need_an_operator_key_even_for_a_tenant_admin()
    {
        using var admin = await platform.CreateClientAsync("tenant-admin-no-operator", admin: true);
        using var refused = await admin.PostAsJsonAsync("/api/v1/diagnostics/noop", new { durationMs = 0, steps = 1 });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var operatorClient = await platform.CreateClientAsync("operator", isOperator: true);
        using var accepted = await operatorClient.PostAsJsonAsync("/api/v1/diagnostics/noop", new { durationMs = 0, steps = 1 });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }
}
