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

        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks"))
        {
            request.Headers.Add("X-Huge", new string('h', 64 * 1024));
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        }

        using (var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[20_000]) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } }, "file", "big.txt" } })
        using (var response = await client.PostAsync("/api/v1/documents", form))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("file_too_large", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        using (var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[3 * 1024 * 1024]), "file", "bigger.txt" } })
        using (var response = await client.PostAsync("/api/v1/documents", form))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }

        using (var ok = await client.GetAsync("/api/v1/tasks"))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        FaultReport.BadInputsTried(3);
    }
}
