using System.Net.Http.Json;

namespace TaskRunner.IntegrationTests.Security;

/// <summary>The no-op submit with an Idempotency-Key, against an Api process, as the idempotency tests send it.</summary>
internal static class IdempotentNoop
{
    public static HttpClient Client(Infrastructure.ApiProcess api, string apiKey)
    {
        var client = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string idempotencyKey, CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/diagnostics/noop") { Content = JsonContent.Create(new { durationMs = 10, steps = 1 }) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request, ct);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after 30 s, naming <paramref name="what"/>.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, string what, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(50, ct);
        }
    }
}
