using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TaskRunner.IntegrationTests.Faults;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Security;

/// <summary>Limits that only the real server applies: the Api as a process on Kestrel.</summary>
[Collection(PlatformCollection.Name)]
public sealed class KestrelLimitTests(PlatformFixture platform)
{
    [Fact]
    public async Task Huge_headers_and_oversized_uploads_are_refused_with_4xx()
    {
        var settings = platform.Settings.ToDictionary();
        settings["Storage__MaxUploadBytes"] = "4096";
        await using var api = await ApiProcess.StartAsync(settings);
        using var client = new HttpClient { BaseAddress = api.BaseAddress };
        client.DefaultRequestHeaders.Authorization = platform.Client.DefaultRequestHeaders.Authorization;

        using var hugeHeader = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks");
        hugeHeader.Headers.Add("X-Huge", new string('h', 64 * 1024));
        using var headerAnswer = await client.SendAsync(hugeHeader);

        using var overLimit = new MultipartFormDataContent { { new ByteArrayContent(new byte[20_000]) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } }, "file", "big.txt" } };
        using var overLimitAnswer = await client.PostAsync("/api/v1/documents", overLimit);
        var overLimitBody = await overLimitAnswer.Content.ReadAsStringAsync();

        using var farOver = new MultipartFormDataContent { { new ByteArrayContent(new byte[3 * 1024 * 1024]), "file", "bigger.txt" } };
        using var farOverAnswer = await client.PostAsync("/api/v1/documents", farOver);
        FaultReport.BadInputsTried(3, serverErrors: new[] { headerAnswer, overLimitAnswer, farOverAnswer }.Count(r => (int)r.StatusCode >= 500));

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, headerAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, overLimitAnswer.StatusCode);
        Assert.Equal("file_too_large", JsonSerializer.Deserialize<JsonElement>(overLimitBody).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, farOverAnswer.StatusCode);
        using (var ok = await client.GetAsync("/api/v1/tasks"))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
    }
}
