using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Faults;

[Collection(PlatformCollection.Name)]
public sealed class OutageTests(PlatformFixture platform) : IAsyncLifetime
{
    private ProxiedPlatform proxied = null!;

    public async Task InitializeAsync()
    {
        // Only the proxied worker may run tasks here, so the outages really hit the worker doing the work.
        await platform.StopInProcessWorkersAsync();
        proxied = await ProxiedPlatform.StartAsync(platform);
    }

    public async Task DisposeAsync()
    {
        await proxied.DisposeAsync();
        await platform.EnsureWorkerAsync();
    }

    [Fact]
    public async Task While_redis_is_down_tasks_complete_and_sse_falls_back_to_polling_then_events_resume()
    {
        var api = proxied.ApiClient;
        proxied.Redis.GoDown();
        var taskId = (await api.SubmitNoopAsync(1500, 5)).TaskId;
        var during = await ReadAllAsync(api, taskId);
        var finalDuring = (await api.WaitForFinalAsync(taskId)).GetProperty("status").GetString();
        FaultReport.FaultInjected("redis outage during a task", tasks: 1, lost: finalDuring == "succeeded" ? 0 : 1, duplicates: 0);
        Assert.Equal("succeeded", during[^1].Status);
        Assert.Equal("succeeded", finalDuring);

        proxied.Redis.ComeBack();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<SseEvent> after;
        do
        {
            var next = (await api.SubmitNoopAsync(1500, 15)).TaskId;
            after = await ReadAllAsync(api, next);
            Assert.Equal("succeeded", after[^1].Status);
        }
        while (!after.Any(e => e.Event == "progress") && DateTime.UtcNow < deadline);

        Assert.Contains(after, e => e.Event == "progress");
        FaultReport.FaultSurvived("redis outage during a task");
    }

    [Fact]
    public async Task While_postgres_is_down_the_api_answers_503_and_the_task_finishes_when_it_returns()
    {
        var api = proxied.ApiClient;
        var taskId = (await api.SubmitNoopAsync(3000, 10)).TaskId;
        await api.WaitUntilAsync(taskId, t => t.GetProperty("status").GetString() == "running", TimeSpan.FromSeconds(30));

        proxied.Postgres.GoDown();
        using (var response = await proxied.Client.GetAsync($"/api/v1/tasks/{taskId}"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("database_unavailable", problem.GetProperty("code").GetString());
        }

        var filesBefore = Directory.GetFiles(platform.StorageRoot, "*", SearchOption.AllDirectories).Length;
        using (var upload = await api.UploadAsync("no upload is acknowledged without its row"u8.ToArray(), "lost.txt"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, upload.StatusCode);
        }

        Assert.Equal(filesBefore, Directory.GetFiles(platform.StorageRoot, "*", SearchOption.AllDirectories).Length);

        await Task.Delay(TimeSpan.FromSeconds(2));
        proxied.Postgres.ComeBack();
        var task = await api.WaitForFinalAsync(taskId, TimeSpan.FromSeconds(90));
        FaultReport.FaultInjected("postgres outage during a task", tasks: 1, lost: task.GetProperty("status").GetString() == "succeeded" ? 0 : 1, duplicates: 0);
        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        FaultReport.FaultSurvived("postgres outage during a task");
    }

    private static async Task<List<SseEvent>> ReadAllAsync(TaskRunnerApiClient api, Guid taskId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var events = new List<SseEvent>();
        await foreach (var e in api.ReadEventsAsync(taskId).WithCancellation(timeout.Token))
        {
            events.Add(e);
        }

        return events;
    }
}
