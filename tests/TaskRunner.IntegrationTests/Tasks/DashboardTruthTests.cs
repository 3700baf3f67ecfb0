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

    [Fact]
    public async Task An_ingestion_handed_from_ingest_to_embed_leaves_every_job_of_its_runs_succeeded()
    {
        // Beats every 0.1 s, so one lands in the moment between a run giving its task to the embed queue and the
        // dispatch of that next job: a beat there finds the task no longer the run's, and must not make the finished
        // step look like a lost run (Superseded, "lost its claim") or cut its dispatch short.
        await platform.StopInProcessWorkersAsync();
        try
        {
            await platform.StartWorkerAsync(settings: new Dictionary<string, string?> { ["Worker:HeartbeatSeconds"] = "0.1" });
            var run = Guid.NewGuid().ToString("N")[..8];
            var uploads = new List<Guid>();
            for (var i = 0; i < 20; i++)
            {
                var text = $"Lesson {run}-{i}. Photosynthesis turns light into chemical energy.\n\nChlorophyll absorbs red and blue light.";
                uploads.Add((await api.UploadAcceptedAsync(System.Text.Encoding.UTF8.GetBytes(text), $"handoff-{run}-{i}.txt")).GetProperty("taskId").GetGuid());
            }

            foreach (var taskId in uploads)
            {
                Assert.Equal("succeeded", (await api.WaitForFinalAsync(taskId, TimeSpan.FromSeconds(60))).GetProperty("status").GetString());
                await using var connection = new NpgsqlConnection(platform.ConnectionString);
                var jobs = (await connection.QueryAsync<long>(
                    "select id from hangfire.job where arguments::text like @pattern order by id", new { pattern = $"%{taskId}%" })).ToList();
                Assert.True(jobs.Count >= 2, $"task {taskId} ran on {jobs.Count} job(s); an ingestion runs its steps on two queues");
                foreach (var job in jobs.Select(j => j.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                {
                    Assert.True("Succeeded" == await JobStateEventuallyAsync(job, "Succeeded"),
                        $"job {job} of task {taskId} ended {await HangfireJobHistory.LatestStateDataAsync(platform.ConnectionString, job)}");
                }
            }
        }
        finally
        {
            await platform.StopInProcessWorkersAsync();
            await platform.EnsureWorkerAsync();
        }
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
