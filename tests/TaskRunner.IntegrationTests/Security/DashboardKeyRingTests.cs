using System.Net;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Security;

/// <summary>Two Api processes sharing <c>Dashboard__KeyRingPath</c> honour each other's dashboard sessions, as hosts behind one address must.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DashboardKeyRingTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_session_signed_by_one_api_process_opens_the_dashboard_on_another_with_the_same_key_ring()
    {
        var key = await platform.CreateKeyAsync("operator", isOperator: true);
        var settings = platform.Settings.ToDictionary();
        settings["Dashboard__KeyRingPath"] = Path.Combine(platform.StorageRoot, $"keyring-{Guid.NewGuid():N}");
        await using var first = await ApiProcess.StartAsync(settings);
        await using var second = await ApiProcess.StartAsync(settings);

        using var firstClient = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = first.BaseAddress };
        var session = await DashboardSignIn.SignInAsync(firstClient, key.Key);
        Assert.NotEmpty(Directory.GetFiles(settings["Dashboard__KeyRingPath"], "*.xml"));

        using var secondClient = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = second.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        request.Headers.Add("Cookie", session);
        Assert.Equal(HttpStatusCode.OK, (await secondClient.SendAsync(request)).StatusCode);
    }
}
