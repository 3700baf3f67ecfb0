using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Tasks;

/// <summary>
/// The per-process cap on open event streams (<c>Sse__MaxStreamsPerProcess</c>), on a real Api process: streams of
/// different tenants count together, the next one gets 429 <c>stream_capacity</c> with Retry-After, and a closed stream
/// gives its place back.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SseProcessCapTests(PlatformFixture platform)
{
    private const int ProcessCap = 2;

    [Fact]
    public async Task Streams_past_the_process_cap_get_429_with_Retry_After_until_a_stream_closes()
    {
        await using var api = await ApiProcess.StartAsync(new Dictionary<string, string>(platform.Settings)
        {
            ["Sse__MaxStreamsPerProcess"] = ProcessCap.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sse__KeepAliveSeconds"] = "0.5",
            ["Sse__RetryMilliseconds"] = "2000",
        });
        var (a, b, c) = (await WatcherAsync(api), await WatcherAsync(api), await WatcherAsync(api));
        try
        {
            // Two tenants' streams fill the process; each key is far below its own cap (20).
            var streamA = await a.OpenAsync();
            var streamB = await b.OpenAsync();
            Assert.Equal(HttpStatusCode.OK, streamA.StatusCode);
            Assert.Equal(HttpStatusCode.OK, streamB.StatusCode);

            using (var refused = await c.OpenAsync())
            {
                await AssertCapacityRefusalAsync(refused);
            }

            using (var refusedSameKey = await a.OpenAsync())
            {
                await AssertCapacityRefusalAsync(refusedSameKey);
            }

            // Closing A's stream gives its place back: the server sees the connection go and drops the lease.
            streamA.Dispose();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            HttpResponseMessage streamC;
            while (true)
            {
                streamC = await c.OpenAsync();
                if (streamC.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }

                await AssertCapacityRefusalAsync(streamC);
                streamC.Dispose();
                await Task.Delay(200, patience.Token);
            }

            using (streamC)
            using (streamB)
            {
                // C took the freed place, so the process is full again.
                using var refusedAgain = await a.OpenAsync();
                await AssertCapacityRefusalAsync(refusedAgain);
                await ReadFirstEventAsync(streamB);
                await ReadFirstEventAsync(streamC);
            }
        }
        finally
        {
            a.Dispose();
            b.Dispose();
            c.Dispose();
        }
    }

    private static async Task AssertCapacityRefusalAsync(HttpResponseMessage response)
    {
        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("stream_capacity", JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync()).GetProperty("code").GetString());
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
    }

    private static async Task ReadFirstEventAsync(HttpResponseMessage stream)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(patience.Token));
        while (await reader.ReadLineAsync(patience.Token) is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                Assert.Contains("\"queued\"", line, StringComparison.Ordinal);
                return;
            }
        }

        Assert.Fail("The stream ended before its first event.");
    }

    /// <summary>A tenant of its own, with a key and a queued task that no Worker will start, watched through the Api process.</summary>
    private async Task<Watcher> WatcherAsync(ApiProcess api)
    {
        var tenant = $"ssecap-{Guid.NewGuid():N}"[..20];
        var key = await platform.CreateKeyAsync(tenant);
        var taskId = Guid.NewGuid();
        await using (var connection = new NpgsqlConnection(platform.ConnectionString))
        {
            await connection.ExecuteAsync("""
                insert into tasks (id, tenant_id, type, status, queue, input, stage, not_before)
                values (@taskId, @tenant, 'diagnostics.noop', 'queued', 'default', '{"durationMs":0,"steps":1}', 'queued', now() + interval '1 hour')
                """, new { taskId, tenant });
        }

        var http = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(90) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);
        return new Watcher(http, taskId);
    }

    private sealed class Watcher(HttpClient http, Guid taskId) : IDisposable
    {
        public Task<HttpResponseMessage> OpenAsync() => http.GetAsync($"/api/v1/tasks/{taskId}/events", HttpCompletionOption.ResponseHeadersRead);

        public void Dispose() => http.Dispose();
    }
}
