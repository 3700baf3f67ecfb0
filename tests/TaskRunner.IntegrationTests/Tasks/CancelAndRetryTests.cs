using System.Net;
using Dapper;
using Npgsql;
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

    [Fact]
    public async Task A_cancel_racing_the_claim_never_marks_a_claimed_task_canceled_before_it_started()
    {
        var tasks = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            var taskId = (await api.SubmitNoopAsync(300, 3)).TaskId;
            using var cancel = await api.Http.PostAsync($"/api/v1/tasks/{taskId}/cancel", null);
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
            tasks.Add(taskId);
        }

        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        foreach (var taskId in tasks)
        {
            var task = await api.WaitForFinalAsync(taskId, TimeSpan.FromSeconds(30));
            var status = task.GetProperty("status").GetString();
            var runs = await connection.ExecuteScalarAsync<int>("select runs from tasks where id = @taskId", new { taskId });
            if (status == "canceled" && task.GetProperty("message").GetString() == "Canceled before it started.")
            {
                Assert.Equal(0, runs); // the queued cancel matched a row no worker had claimed
            }
            else
            {
                // Claimed first: the run itself confirmed the cancel, or finished before it saw it.
                Assert.True(runs >= 1, $"{taskId} ended {status} without a run");
                Assert.Contains(status, new[] { "canceled", "succeeded" });
            }
        }
    }
}
