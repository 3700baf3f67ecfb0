using System.Net;
using System.Net.Http.Headers;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Security;

/// <summary>The real Api process, logging everything at Debug, is handed keys every way a client might: none may reach its log.</summary>
[Collection(PlatformCollection.Name)]
public sealed class KeysNeverLoggedTests(PlatformFixture platform)
{
    [Fact]
    public async Task Keys_sent_in_headers_the_sign_in_form_or_a_query_string_never_appear_in_the_logs()
    {
        var tenantKey = await platform.CreateKeyAsync("tenant-logs");
        var operatorKey = await platform.CreateKeyAsync("operator", isOperator: true);
        var revokedKey = await platform.CreateKeyAsync("tenant-logs");
        var settings = platform.Settings.ToDictionary();
        settings["Logging__LogLevel__Default"] = "Debug";
        settings["Logging__Console__LogLevel__Default"] = "Debug";
        string log;
        await using (var api = await ApiProcess.StartAsync(settings))
        {
            using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = api.BaseAddress };

            using (var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks"))
            {
                bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tenantKey.Key);
                Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(bearer)).StatusCode);
            }

            // Keys put where they do not belong: refused, and still not logged.
            using (var header = new HttpRequestMessage(HttpMethod.Get, "/api/v1/documents"))
            {
                header.Headers.Add("X-Api-Key", tenantKey.Key);
                Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(header)).StatusCode);
            }

            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/v1/tasks?api_key={tenantKey.Key}")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/hangfire/stats?api_key={operatorKey.Key}")).StatusCode);
            var revoked = await ApiCli.RunAsync(platform.Settings, "keys", "revoke", "--id", revokedKey.Record.Id.ToString());
            Assert.Equal(0, revoked.ExitCode);
            using (var stale = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks"))
            {
                stale.Headers.Authorization = new AuthenticationHeaderValue("Bearer", revokedKey.Key);
                Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(stale)).StatusCode);
            }

            var session = await DashboardSignIn.SignInAsync(client, operatorKey.Key);
            using (var dashboard = new HttpRequestMessage(HttpMethod.Get, "/hangfire"))
            {
                dashboard.Headers.Add("Cookie", session);
                Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(dashboard)).StatusCode);
            }

            log = await api.StopAsync();
        }

        // The log is really there (the requests above were logged, without their query strings) …
        Assert.Contains("GET /api/v1/tasks?… answered 401", log, StringComparison.Ordinal);
        Assert.Contains("POST /hangfire/sign-in answered 302", log, StringComparison.Ordinal);
        Assert.Contains("dbug:", log, StringComparison.Ordinal);

        // … and no key, nor a long piece of one, is in it.
        foreach (var key in new[] { tenantKey.Key, operatorKey.Key, revokedKey.Key })
        {
            Assert.DoesNotContain(key, log, StringComparison.Ordinal);
            Assert.DoesNotContain(key[4..24], log, StringComparison.Ordinal);
            Assert.DoesNotContain(Uri.EscapeDataString(key), log, StringComparison.Ordinal);
        }
    }
}
