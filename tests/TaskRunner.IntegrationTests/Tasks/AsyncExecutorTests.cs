using Dapper;
using Npgsql;
using TaskRunner.Api.Tasks;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.IntegrationTests.Prompts;
using TaskRunner.Testing.OpenAi;

namespace TaskRunner.IntegrationTests.Tasks;

/// <summary>
/// Steps that wait (LLM prompts here) run on the Worker's async executor: many at once without a Hangfire worker each,
/// with their jobs Processing while they run and final after, and a killed Worker's runs are taken over elsewhere.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AsyncExecutorTests(PlatformFixture platform)
{
    private const int Prompts = 20;

    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task A_worker_with_one_hangfire_worker_runs_twenty_waiting_prompts_at_once_and_their_jobs_stay_processing_until_they_end()
    {
        await platform.StopInProcessWorkersAsync();
        await platform.StartWorkerAsync("llm", count: 1, settings: new Dictionary<string, string?> { ["Worker:WaitingCount"] = "1" });
        platform.Llm.ResetCounters();
        // Long enough that every prompt is claimed while the first still waits, even on a loaded machine.
        platform.Llm.Latency = TimeSpan.FromSeconds(5);
        TaskAccepted[] accepted;
        try
        {
            accepted = await Task.WhenAll(Enumerable.Range(0, Prompts).Select(i => api.SubmitPromptAsync(new { prompt = $"Question {i}?" })));
            await EventuallyAsync(() => platform.Llm.CurrentRequests >= Prompts, TimeSpan.FromSeconds(30));

            // All twenty wait on the model at once; with one Hangfire worker each, at most one would.
            foreach (var task in accepted)
            {
                var jobId = (await api.GetTaskAsync(task.TaskId)).GetProperty("hangfireJobId").GetString()!;
                Assert.Equal("Processing", await JobStateAsync(jobId));
                Assert.Contains("async-executor", await LatestStateDataAsync(jobId), StringComparison.Ordinal);
            }
        }
        finally
        {
            platform.Llm.Latency = TimeSpan.Zero;
        }

        foreach (var task in accepted)
        {
            var final = await api.WaitForFinalAsync(task.TaskId, TimeSpan.FromSeconds(60));
            Assert.Equal("succeeded", final.GetProperty("status").GetString());
            Assert.Equal("Succeeded", await JobStateEventuallyAsync(final.GetProperty("hangfireJobId").GetString()!, "Succeeded"));
        }

        Assert.Equal(Prompts, platform.Llm.TotalRequests);
        Assert.True(platform.Llm.MaxConcurrentRequests >= Prompts, $"At most {platform.Llm.MaxConcurrentRequests} prompts waited at once.");
        await platform.StopInProcessWorkersAsync();
        await platform.EnsureWorkerAsync();
    }

    [Fact]
    public async Task A_prompt_that_fails_on_the_executor_leaves_its_job_failed_with_the_code()
    {
        // The refusal comes after a pause: the Hangfire thread that handed the run over first records the job as
        // Processing on the executor, which an instant refusal could overtake (the job would still end Failed).
        platform.Llm.Responder = r => r.LastUserMessage.Contains("REJECT", StringComparison.Ordinal) ? ScriptedReply.Status(400) with { Delay = TimeSpan.FromSeconds(2) } : null;
        try
        {
            var accepted = await api.SubmitPromptAsync(new { prompt = "REJECT this one." });
            var final = await api.WaitForFinalAsync(accepted.TaskId, TimeSpan.FromSeconds(60));
            Assert.Equal("failed", final.GetProperty("status").GetString());
            var jobId = final.GetProperty("hangfireJobId").GetString()!;
            Assert.Equal("Failed", await JobStateEventuallyAsync(jobId, "Failed"));
            Assert.Contains("llm_bad_request", await LatestStateDataAsync(jobId), StringComparison.Ordinal);

            // The run went through the executor: its job was Processing there before it failed.
            Assert.Contains("async-executor", await StatesDataAsync(jobId, "Processing"), StringComparison.Ordinal);
            // The executor moved it from Processing straight to Failed, with no Succeeded between them.
            Assert.Equal(["Processing", "Failed"], (await HangfireJobHistory.StateNamesAsync(platform.ConnectionString, jobId)).TakeLast(2));
        }
        finally
        {
            platform.Llm.Responder = null;
        }
    }

    [Fact]
    public async Task Prompts_on_the_executor_of_a_killed_worker_are_requeued_and_finish_elsewhere_and_its_jobs_end_deleted()
    {
        await platform.StopInProcessWorkersAsync();
        using var doomed = platform.StartWorkerProcess("llm");
        platform.Llm.ResetCounters();
        platform.Llm.Latency = TimeSpan.FromSeconds(30);
        var accepted = new List<TaskAccepted>();
        var jobs = new List<string>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                accepted.Add(await api.SubmitPromptAsync(new { prompt = $"Slow question {i}?" }));
            }

            await EventuallyAsync(() => platform.Llm.CurrentRequests >= accepted.Count, TimeSpan.FromSeconds(60));
            foreach (var task in accepted)
            {
                var running = await api.GetTaskAsync(task.TaskId);
                Assert.Equal("running", running.GetProperty("status").GetString());
                jobs.Add(running.GetProperty("hangfireJobId").GetString()!);
            }

            await doomed.KillAsync();
        }
        finally
        {
            platform.Llm.Latency = TimeSpan.Zero;
            await platform.EnsureWorkerAsync();
        }

        foreach (var task in accepted)
        {
            var final = await api.WaitForFinalAsync(task.TaskId, TimeSpan.FromSeconds(90));
            Assert.Equal("succeeded", final.GetProperty("status").GetString());
            Assert.Equal(2, final.GetProperty("attempts").GetInt32());
        }

        // The dead worker's jobs had left Hangfire's queue for its executor; the reaper ends them instead of leaving them Processing.
        foreach (var jobId in jobs)
        {
            Assert.Equal("Deleted", await JobStateEventuallyAsync(jobId, "Deleted"));
        }
    }

    [Fact]
    public async Task A_running_task_beats_in_its_own_row_and_leaves_the_task_row_alone()
    {
        var accepted = await api.SubmitNoopAsync(4000, 4);
        await api.WaitUntilAsync(accepted.TaskId, t => t.GetProperty("status").GetString() == "running", TimeSpan.FromSeconds(30));
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        const string read = """
            select t.heartbeat_at as claimed, t.runs, h.run, h.beat_at as beat
              from tasks t left join task_heartbeats h on h.task_id = t.id where t.id = @id
            """;
        await EventuallyAsync(async () => (await connection.QuerySingleAsync<HeartbeatRow>(read, new { id = accepted.TaskId })).Beat is not null, TimeSpan.FromSeconds(10));
        var first = await connection.QuerySingleAsync<HeartbeatRow>(read, new { id = accepted.TaskId });
        await EventuallyAsync(async () => (await connection.QuerySingleAsync<HeartbeatRow>(read, new { id = accepted.TaskId })).Beat > first.Beat, TimeSpan.FromSeconds(10));
        var later = await connection.QuerySingleAsync<HeartbeatRow>(read, new { id = accepted.TaskId });

        Assert.Equal(later.Runs, later.Run);
        Assert.Equal(first.Claimed, later.Claimed);
        var shown = (await api.GetTaskAsync(accepted.TaskId)).GetProperty("heartbeatAt").GetDateTime();
        Assert.True(shown.ToUniversalTime() > DateTime.SpecifyKind(first.Claimed, DateTimeKind.Utc), "The task's heartbeatAt shows its last beat, not its claim.");
        Assert.Equal("succeeded", (await api.WaitForFinalAsync(accepted.TaskId)).GetProperty("status").GetString());
    }

    private sealed record HeartbeatRow(DateTime Claimed, int Runs, int? Run, DateTime? Beat);

    private static async Task EventuallyAsync(Func<bool> condition, TimeSpan timeout) =>
        await EventuallyAsync(() => Task.FromResult(condition()), timeout);

    private static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not reached within {timeout.TotalSeconds} s.");
            await Task.Delay(100);
        }
    }

    private Task<string?> JobStateAsync(string jobId) => HangfireJobHistory.StateAsync(platform.ConnectionString, jobId);

    private Task<string?> JobStateEventuallyAsync(string jobId, string expected) =>
        HangfireJobHistory.StateEventuallyAsync(platform.ConnectionString, jobId, expected, TimeSpan.FromSeconds(15));

    private Task<string> LatestStateDataAsync(string jobId) => HangfireJobHistory.LatestStateDataAsync(platform.ConnectionString, jobId);

    private Task<string> StatesDataAsync(string jobId, string state) => HangfireJobHistory.StatesDataAsync(platform.ConnectionString, jobId, state);
}
