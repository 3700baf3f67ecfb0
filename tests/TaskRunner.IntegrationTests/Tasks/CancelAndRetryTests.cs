using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Tasks;

[Collection(PlatformCollection.Name)]
public sealed class CancelAndRetryTests(PlatformFixture platform)
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task Canceling_a_running_task_stops_it_and_retry_runs_it_to_the_end()
    {
        var taskId = (await api.SubmitNoopAsync(60_000, 600)).TaskId;
        await api.WaitUntilAsync(taskId, t => t.GetProperty("status").GetString() == "running", TimeSpan.FromSeconds(30));

        using var cancel = await api.Http.PostAsync($"/api/v1/tasks/{taskId}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var canceled = await api.WaitForFinalAsync(taskId, TimeSpan.FromSeconds(30));
        Assert.Equal("canceled", canceled.GetProperty("status").GetString());
        Assert.True(canceled.GetProperty("progress").GetSingle() < 0.5f, "the wait must have stopped early");

        using var retryRunning = await api.Http.PostAsync($"/api/v1/tasks/{taskId}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retryRunning.StatusCode);
        await api.WaitUntilAsync(taskId, t => t.GetProperty("status").GetString() == "running", TimeSpan.FromSeconds(30));
        using var cancelAgain = await api.Http.PostAsync($"/api/v1/tasks/{taskId}/cancel", null);
        Assert.Equal("canceled", (await api.WaitForFinalAsync(taskId, TimeSpan.FromSeconds(30))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_queued_task_is_canceled_at_once_and_a_succeeded_one_cannot_be_retried()
    {
        await platform.StopInProcessWorkersAsync();
        Guid taskId;
        try
        {
            taskId = (await api.SubmitNoopAsync(0, 1)).TaskId;
            using var cancel = await api.Http.PostAsync($"/api/v1/tasks/{taskId}/cancel", null);
            var body = await cancel.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("canceled", body.GetProperty("status").GetString());
        }
        finally
        {
            await platform.EnsureWorkerAsync();
        }

        using var retry = await api.Http.PostAsync($"/api/v1/tasks/{taskId}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal("succeeded", (await api.WaitForFinalAsync(taskId)).GetProperty("status").GetString());

        using var again = await api.Http.PostAsync($"/api/v1/tasks/{taskId}/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("task_not_retryable", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
