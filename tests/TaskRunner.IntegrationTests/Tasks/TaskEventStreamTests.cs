using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dapper;
using Npgsql;
using TaskRunner.Api.Tasks.Streams;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Tasks;

/// <summary>
/// Task event streams as a standard client and a proxy see them: a final task's reconnect answered 204 (stop), a
/// retry field, keep-alive comments while a task waits, a cap on open streams per key, and one shared watch per task.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TaskEventStreamTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_standard_EventSource_client_gets_the_final_state_once_and_stops_after_one_reconnect_answered_204()
    {
        await platform.EnsureWorkerAsync();
        await using var apiProcess = await StartApiAsync();
        var key = await platform.CreateKeyAsync($"sse-{Guid.NewGuid():N}"[..20], isOperator: true);
        using var http = ClientOf(apiProcess, key.Key);
        var task = await new TaskRunnerApiClient(http).SubmitNoopAsync(1500, 3);

        var lines = await EventSourceClient.WatchAsync(new Uri(apiProcess.BaseAddress, $"/api/v1/tasks/{task.TaskId}/events"), key.Key, TimeSpan.FromSeconds(60));

        var requests = lines.Where(l => Kind(l) == "request").ToList();
        var events = lines.Where(l => Kind(l) == "event").ToList();
        var finals = events.Where(e => e.GetProperty("data").GetProperty("status").GetString() == "succeeded").ToList();
        Assert.Single(finals);
        Assert.Equal(2, requests.Count);
        Assert.Equal(200, requests[0].GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Null, requests[0].GetProperty("lastEventId").ValueKind);
        Assert.Equal(204, requests[1].GetProperty("status").GetInt32());
        Assert.Equal(events[^1].GetProperty("id").GetString(), requests[1].GetProperty("lastEventId").GetString());
        Assert.StartsWith("closed", lines[^1].GetProperty("how").GetString());
    }

    [Fact]
    public async Task A_stream_of_a_waiting_task_sends_a_retry_field_and_keep_alive_comments()
    {
        await using var apiProcess = await StartApiAsync();
        var tenant = $"sse-{Guid.NewGuid():N}"[..20];
        var key = await platform.CreateKeyAsync(tenant);
        using var http = ClientOf(apiProcess, key.Key);
        var taskId = await InsertWaitingTaskAsync(tenant);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/tasks/{taskId}/events");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var seen = new List<string>();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (seen.Count(l => l == ": keep-alive") < 2 && await reader.ReadLineAsync(patience.Token) is { } line)
        {
            seen.Add(line);
        }

        Assert.Equal("retry: 300", seen[0]);
        Assert.Contains(seen, l => l.StartsWith("data:", StringComparison.Ordinal) && l.Contains("\"queued\"", StringComparison.Ordinal));
        Assert.Equal(2, seen.Count(l => l == ": keep-alive"));
    }

    [Fact]
    public async Task A_key_past_its_stream_cap_gets_429_while_another_key_still_streams()
    {
        await using var apiProcess = await StartApiAsync();
        var tenant = $"sse-{Guid.NewGuid():N}"[..20];
        var (key, otherKey) = (await platform.CreateKeyAsync(tenant), await platform.CreateKeyAsync(tenant));
        using var http = ClientOf(apiProcess, key.Key);
        using var other = ClientOf(apiProcess, otherKey.Key);
        var taskId = await InsertWaitingTaskAsync(tenant);
        var url = $"/api/v1/tasks/{taskId}/events";

        // The Api process allows two streams per key.
        using var first = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        using var second = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        using var third = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        using var otherStream = await other.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((HttpStatusCode)429, third.StatusCode);
        Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
        Assert.Equal("too_many_streams", JsonSerializer.Deserialize<JsonElement>(await third.Content.ReadAsStringAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, otherStream.StatusCode);
    }

    [Fact]
    public async Task Clients_watching_the_same_task_share_one_watch()
    {
        var hub = (TaskWatchHub)platform.ApiServices.GetService(typeof(TaskWatchHub))!;
        var tenant = $"sse-{Guid.NewGuid():N}"[..20];
        var taskId = await InsertWaitingTaskAsync(tenant);
        var clients = new List<HttpClient>();
        var responses = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var client = await platform.CreateClientAsync(tenant);
                clients.Add(client);
                var response = await client.GetAsync($"/api/v1/tasks/{taskId}/events", HttpCompletionOption.ResponseHeadersRead);
                responses.Add(response);
                var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
                while (await reader.ReadLineAsync() is { } line && !line.StartsWith("data:", StringComparison.Ordinal))
                {
                }
            }

            Assert.Equal(3, hub.Count(taskId).ListenersOfTask);
        }
        finally
        {
            responses.ForEach(r => r.Dispose());
            clients.ForEach(c => c.Dispose());
        }
    }

    private static string? Kind(JsonElement line) => line.GetProperty("kind").GetString();

    private Task<ApiProcess> StartApiAsync() => ApiProcess.StartAsync(new Dictionary<string, string>(platform.Settings)
    {
        ["Sse__MaxStreamsPerKey"] = "2",
        ["Sse__KeepAliveSeconds"] = "0.5",
        ["Sse__RetryMilliseconds"] = "300",
    });

    private static HttpClient ClientOf(ApiProcess api, string key)
    {
        var client = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(90) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>A queued task that no Worker will start: it is not dispatched and not due for an hour.</summary>
    private async Task<Guid> InsertWaitingTaskAsync(string tenant)
    {
        var id = Guid.NewGuid();
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.ExecuteAsync("""
            insert into tasks (id, tenant_id, type, status, queue, input, stage, not_before)
            values (@id, @tenant, 'diagnostics.noop', 'queued', 'default', '{"durationMs":0,"steps":1}', 'queued', now() + interval '1 hour')
            """, new { id, tenant });
        return id;
    }
}
