using System.Text.Json;
using Dapper;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Testing.Corpus;

namespace TaskRunner.IntegrationTests.Tasks;

/// <summary>The Hangfire dashboard shows each task's job in the state that matches the task.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DashboardTruthTests(PlatformFixture platform) : IDisposable
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;
    private readonly CorpusDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task A_failed_tasks_job_is_failed_with_its_code_and_a_succeeded_tasks_job_succeeded()
    {
        var upload = await api.UploadAcceptedAsync(await File.ReadAllBytesAsync(TestCorpus.WriteTruncatedZip(dir.Path)), "broken.docx");
        var failed = await api.WaitForFinalAsync(upload.GetProperty("taskId").GetGuid());
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var failedJob = failed.GetProperty("hangfireJobId").GetString()!;

        var noop = await api.WaitForFinalAsync((await api.SubmitNoopAsync(0, 1)).TaskId);
        var succeededJob = noop.GetProperty("hangfireJobId").GetString()!;

        Assert.Equal("Failed", await JobStateEventuallyAsync(failedJob, "Failed"));
        Assert.Contains("file_corrupt", await StatesDataAsync(failedJob, "Failed"), StringComparison.Ordinal);
        // Its history never claimed a success: no Succeeded on the way to Failed.
        Assert.Equal(["Enqueued", "Processing", "Failed"], await HangfireJobHistory.StateNamesAsync(platform.ConnectionString, failedJob));
        Assert.Equal("Succeeded", await JobStateEventuallyAsync(succeededJob, "Succeeded"));
    }

    [Fact]
    public async Task A_queued_tasks_job_deleted_from_the_dashboard_is_dispatched_again_and_the_task_runs()
    {
        var (taskId, deletedJob) = await StrandAsync((_, jobId) =>
        {
            Assert.True(platform.ApiServices.GetRequiredService<IBackgroundJobClient>().Delete(jobId));
            return Task.CompletedTask;
        });

        var task = await api.WaitForFinalAsync(taskId, TimeSpan.FromSeconds(60));
        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.NotEqual(deletedJob, task.GetProperty("hangfireJobId").GetString());
        Assert.Equal("Deleted", await JobStateEventuallyAsync(deletedJob, "Deleted"));
    }

    [Fact]
    public async Task A_queued_tasks_job_fetched_but_never_started_is_dispatched_again_instead_of_waiting_out_the_invisibility()
    {
        var (taskId, lostJob) = await StrandAsync(async (taskId, jobId) =>
        {
            // What a lost fetch leaves behind: the job still Enqueued, its queue entry taken 20 s ago (well inside
            // Hangfire's invisibility, 60 s here), and no claim since. Hangfire alone would wait out the invisibility.
            await using var connection = new NpgsqlConnection(platform.ConnectionString);
            Assert.Equal(1, await connection.ExecuteAsync(
                "update hangfire.jobqueue set fetchedat = now() - interval '20 seconds' where jobid = @id", new { id = long.Parse(jobId, System.Globalization.CultureInfo.InvariantCulture) }));
            await connection.ExecuteAsync("update tasks set updated_at = now() - interval '20 seconds' where id = @taskId", new { taskId });
        });

        var task = await api.WaitForFinalAsync(taskId, TimeSpan.FromSeconds(90));
        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.NotEqual(lostJob, task.GetProperty("hangfireJobId").GetString());
    }

    /// <summary>
    /// Submits a no-op while only a Worker that serves none of its queues runs (it still leads the dispatcher, so the task
    /// gets a job nobody runs), lets <paramref name="strand"/> break that job, then brings the usual Workers back.
    /// </summary>
    private async Task<(Guid TaskId, string JobId)> StrandAsync(Func<Guid, string, Task> strand)
    {
        await platform.StopInProcessWorkersAsync();
        try
        {
            await platform.StartWorkerAsync(queues: "embed", count: 1);
            var taskId = (await api.SubmitNoopAsync(0, 1)).TaskId;
            var dispatched = await api.WaitUntilAsync(taskId, t => t.TryGetProperty("hangfireJobId", out var job) && job.ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(30));
            var jobId = dispatched.GetProperty("hangfireJobId").GetString()!;
            await strand(taskId, jobId);
            return (taskId, jobId);
        }
        finally
        {
            await platform.StopInProcessWorkersAsync();
            await platform.EnsureWorkerAsync();
        }
    }

    private Task<string?> JobStateEventuallyAsync(string jobId, string expected) =>
        HangfireJobHistory.StateEventuallyAsync(platform.ConnectionString, jobId, expected, TimeSpan.FromSeconds(10));

    private Task<string> StatesDataAsync(string jobId, string state) => HangfireJobHistory.StatesDataAsync(platform.ConnectionString, jobId, state);
}
