using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Security;

/// <summary>
/// A key's whole life as an operator lives it: created with the keys CLI, used on two running Api processes (each now
/// caching it for ten minutes), revoked with the CLI, and refused with 401 by both at their next requests.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class KeyRevocationEndToEndTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_key_created_and_revoked_with_the_cli_is_refused_by_every_running_api()
    {
        var tenant = $"revoke-e2e-{Guid.NewGuid():N}"[..24];
        var created = await ApiCli.RunAsync(platform.Settings, "keys", "create", "--tenant", tenant, "--name", "end-to-end");
        Assert.Equal(0, created.ExitCode);
        var key = created.StandardOutput.Trim();
        var keyId = KeyIdPattern().Match(created.StandardError).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(keyId), created.StandardError);

        await using var first = await ApiProcess.StartAsync(platform.Settings);
        await using var second = await ApiProcess.StartAsync(platform.Settings);
        using var firstClient = ClientOf(first, key);
        using var secondClient = ClientOf(second, key);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(firstClient));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(secondClient));

        var revoked = await ApiCli.RunAsync(platform.Settings, "keys", "revoke", "--id", keyId);
        Assert.Equal(0, revoked.ExitCode);

        // Revocation reaches each process over Redis, asynchronously: wait for it, bounded far below the cache lifetime.
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOnceRevokedAsync(firstClient));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOnceRevokedAsync(secondClient));
    }

    private static HttpClient ClientOf(ApiProcess api, string key)
    {
        var client = new HttpClient { BaseAddress = api.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/v1/tasks?pageSize=1");
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> StatusOnceRevokedAsync(HttpClient client)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var status = await StatusAsync(client);
        while (status == HttpStatusCode.OK && !deadline.IsCancellationRequested)
        {
            await Task.Delay(50);
            status = await StatusAsync(client);
        }

        return status;
    }

    [GeneratedRegex("Created key ([0-9a-f-]{36})")]
    private static partial Regex KeyIdPattern();
}
