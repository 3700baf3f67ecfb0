using System.Globalization;
using System.Text.Json;
using Dapper;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TaskRunner.Api.Tasks;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.IntegrationTests.Prompts;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Jobs;

namespace TaskRunner.IntegrationTests.Tasks;

/// <summary>
/// The Worker's batch fetcher takes the llm queues' jobs many per statement, claims their tasks and puts the jobs
/// straight into Processing on the executor: one Processing state per job instead of Hangfire's and then the executor's.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class BatchFetchTests(PlatformFixture platform)
{
    /// <summary>No Worker serves this queue, so only the test's own fetch takes its jobs.</summary>
    private const string UnservedQueue = "batch_fetch_test";

    private const int Prompts = 20;

    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task A_fetch_claims_the_task_of_a_current_job_removes_stale_and_deleted_ones_and_leaves_other_jobs_alone()
    {
        var client = platform.ApiServices.GetRequiredService<IBackgroundJobClient>();
        var fetch = platform.ApiServices.GetRequiredService<HangfireBatchFetch>();
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();

        // A queued task of this test's queue with its dispatch, as the dispatch leader leaves it.
        var (taskId, dispatchId) = (Guid.NewGuid(), Guid.NewGuid());
        await connection.ExecuteAsync("""
            insert into tasks (id, tenant_id, type, status, queue, dispatch_id, input, created_at, updated_at)
            values (@taskId, 'batch-fetch-test', 'llm.prompt', 'queued', @queue, @dispatchId, '{}', now(), now())
            """, new { taskId, dispatchId, queue = UnservedQueue });
        var current = client.Create(TaskDispatcher.JobFor(taskId, dispatchId), new EnqueuedState(UnservedQueue));
        var stale = client.Create(TaskDispatcher.JobFor(taskId, Guid.NewGuid()), new EnqueuedState(UnservedQueue));
        var deleted = client.Create(TaskDispatcher.JobFor(Guid.NewGuid(), Guid.NewGuid()), new EnqueuedState(UnservedQueue));
        client.Delete(deleted);
        var other = client.Create(() => Console.WriteLine("not a task job"), new EnqueuedState(UnservedQueue));
        try
        {
            var batch = await fetch.FetchAsync(connection, [UnservedQueue], 10, "test-worker", "test-server:1", CancellationToken.None);

            Assert.Equal(3, batch.Fetched);
            var claimed = Assert.Single(batch.Claimed);
            Assert.Equal((taskId, current, "running", "test-worker"), (claimed.Task.Id, claimed.JobId, claimed.Task.Status, claimed.Task.WorkerId));
            Assert.Equal(new[] { stale, deleted }.Order(StringComparer.Ordinal), batch.Unclaimed.Order(StringComparer.Ordinal));

            // Only the job that is not a task job is left in the queue.
            var queued = await connection.QueryAsync<long>("select jobid from hangfire.jobqueue where queue = @queue", new { queue = UnservedQueue });
            Assert.Equal([Id(other)], queued.ToArray());

            var (state, data) = await connection.QuerySingleAsync<(string, string)>(
                "select j.statename, s.data::text from hangfire.job j join hangfire.state s on s.id = j.stateid where j.id = @id", new { id = Id(current) });
            Assert.Equal("Processing", state);
            var processing = JsonSerializer.Deserialize<Dictionary<string, string>>(data)!;
            Assert.Equal(("test-server:1", ExecutorProcessingState.WorkerId), (processing["ServerId"], processing["WorkerId"]));
            Assert.Equal("Enqueued", await connection.ExecuteScalarAsync<string>("select statename from hangfire.job where id = @id", new { id = Id(stale) }));
        }
        finally
        {
            await connection.ExecuteAsync("delete from tasks where id = @taskId", new { taskId });
            foreach (var job in new[] { current, stale, deleted, other })
            {
                client.Delete(job);
            }

            await connection.ExecuteAsync("delete from hangfire.jobqueue where queue = @queue", new { queue = UnservedQueue });
        }
    }

    [Fact]
    public async Task One_fetch_claims_the_tasks_no_cap_governs_together_and_holds_a_capped_tenant_to_its_cap()
    {
        var fetch = platform.ApiServices.GetRequiredService<HangfireBatchFetch>();
        var client = platform.ApiServices.GetRequiredService<IBackgroundJobClient>();
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();

        // A tenant with no cap on the queue (0) and one with a cap of 1; one uncapped task was asked to cancel.
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (free, capped) = ($"fetch-free-{suffix}", $"fetch-capped-{suffix}");
        await connection.ExecuteAsync("insert into tenant_limits (tenant_id, queue, max_in_flight) values (@free, @queue, 0), (@capped, @queue, 1)",
            new { free, capped, queue = UnservedQueue });
        var tasks = Enumerable.Range(0, 7).Select(i => (Id: Guid.NewGuid(), Dispatch: Guid.NewGuid(), Tenant: i < 4 ? free : capped, Cancel: i == 3)).ToList();
        foreach (var task in tasks)
        {
            await connection.ExecuteAsync("""
                insert into tasks (id, tenant_id, type, status, queue, dispatch_id, input, cancel_requested, created_at, updated_at)
                values (@Id, @Tenant, 'llm.prompt', 'queued', @queue, @Dispatch, '{}', @Cancel, now(), now())
                """, new { task.Id, task.Tenant, task.Dispatch, task.Cancel, queue = UnservedQueue });
        }

        var jobs = tasks.ToDictionary(t => t.Id, t => client.Create(TaskDispatcher.JobFor(t.Id, t.Dispatch), new EnqueuedState(UnservedQueue)));
        try
        {
            var batch = await fetch.FetchAsync(connection, [UnservedQueue], 20, "test-worker", "test-server:1", CancellationToken.None);

            Assert.Equal(7, batch.Fetched);
            var claimed = batch.Claimed.ToDictionary(c => c.Task.Id);
            Assert.Equal(tasks.Where(t => t.Tenant == free && !t.Cancel).Select(t => t.Id).Order(), claimed.Keys.Where(id => tasks.Single(t => t.Id == id).Tenant == free).Order());
            Assert.Single(claimed.Values, c => c.Task.TenantId == capped);
            Assert.All(claimed.Values, c => Assert.Equal(jobs[c.Task.Id], c.JobId));
            Assert.Equal(3, batch.Unclaimed.Count);

            // Claimed through the shared update or through claim_task, a task is left the same way.
            var rows = (await connection.QueryAsync<(Guid Id, string Status, int Runs, int Attempts, string WorkerId, bool Started, bool Beating, int Version)>("""
                select id, status, runs, attempts, worker_id, started_at is not null, heartbeat_at is not null, version from tasks where id = any(@ids)
                """, new { ids = claimed.Keys.ToArray() })).ToList();
            Assert.Equal(4, rows.Count);
            Assert.Single(rows.Select(r => (r.Status, r.Runs, r.Attempts, r.WorkerId, r.Started, r.Beating, r.Version)).Distinct());
            Assert.Equal(("running", 1, 1, "test-worker"), (rows[0].Status, rows[0].Runs, rows[0].Attempts, rows[0].WorkerId));

            // The capped tenant's other two wait for a later dispatch; the canceled one is left to its cancel.
            var waiting = await connection.QueryAsync<(string Status, bool Dispatched, string? Message)>(
                "select status, dispatch_id is not null, message from tasks where tenant_id = @capped and status = 'queued'", new { capped });
            Assert.Equal(2, waiting.Count());
            Assert.All(waiting, w => Assert.Equal(("queued", false), (w.Status, w.Dispatched)));
            Assert.All(waiting, w => Assert.Contains("cap", w.Message));
            var canceled = tasks.Single(t => t.Cancel);
            Assert.Equal(("queued", true), await connection.QuerySingleAsync<(string, bool)>(
                "select status, dispatch_id is not null from tasks where id = @Id", new { canceled.Id }));
        }
        finally
        {
            await connection.ExecuteAsync("delete from tasks where tenant_id in (@free, @capped); delete from tenant_limits where tenant_id in (@free, @capped)", new { free, capped });
            foreach (var job in jobs.Values)
            {
                client.Delete(job);
            }

            await connection.ExecuteAsync("delete from hangfire.jobqueue where queue = @queue", new { queue = UnservedQueue });
        }
    }

    [Fact]
    public async Task A_burst_of_prompts_goes_straight_from_the_queue_to_the_executor_several_jobs_per_fetch()
    {
        // With no Worker the burst waits in the outbox; the new Worker's dispatch leader then enqueues it in one statement.
        await platform.StopInProcessWorkersAsync();
        platform.Llm.ResetCounters();
        try
        {
            var accepted = await Task.WhenAll(Enumerable.Range(0, Prompts).Select(i => api.SubmitPromptAsync(new { prompt = $"Question {i}?" })));

            // Hangfire's one worker of the llm queues polls once a minute and is not woken by new jobs, so the burst is the fetcher's.
            await platform.StartWorkerAsync("llm", count: 1, settings: new Dictionary<string, string?>
            {
                ["Worker:WaitingCount"] = "1",
                ["Hangfire:EnableLongPolling"] = "false",
                ["Hangfire:QueuePollIntervalMs"] = "60000",
            });
            var jobs = new List<long>();
            foreach (var task in accepted)
            {
                var final = await api.WaitForFinalAsync(task.TaskId, TimeSpan.FromSeconds(60));
                Assert.Equal("succeeded", final.GetProperty("status").GetString());
                jobs.Add(long.Parse(final.GetProperty("hangfireJobId").GetString()!, CultureInfo.InvariantCulture));
            }

            await using var connection = new NpgsqlConnection(platform.ConnectionString);
            var states = (await connection.QueryAsync<(long JobId, string Name, DateTime CreatedAt, string? Data)>(
                "select jobid, name, createdat, data::text from hangfire.state where jobid = any(@jobs) order by id", new { jobs = jobs.ToArray() })).ToList();
            var servers = (await connection.QueryAsync<string>("select id from hangfire.server")).ToHashSet(StringComparer.Ordinal);

            // The one Hangfire worker may have taken a job in its single poll; every other job was the fetcher's.
            var fetched = jobs.Where(job => states.Count(s => s.JobId == job && s.Name == "Processing") == 1).ToList();
            Assert.True(fetched.Count >= Prompts - 1, $"{fetched.Count} of {Prompts} jobs went from Enqueued straight to Processing on the executor.");
            var processing = states.Where(s => s.Name == "Processing" && fetched.Contains(s.JobId)).ToList();
            Assert.All(processing, s =>
            {
                var data = JsonSerializer.Deserialize<Dictionary<string, string>>(s.Data!)!;
                Assert.Equal(ExecutorProcessingState.WorkerId, data["WorkerId"]);
                Assert.Contains(data["ServerId"], servers);
            });
            Assert.All(fetched, job => Assert.Equal(["Enqueued", "Processing", "Succeeded"], states.Where(s => s.JobId == job).Select(s => s.Name).ToArray()));

            // Jobs of one fetch share its statement's time: fewer fetches than jobs.
            Assert.True(processing.Select(s => s.CreatedAt).Distinct().Count() < processing.Count, "Every job was fetched on its own.");
            Assert.Equal(Prompts, platform.Llm.TotalRequests);
        }
        finally
        {
            await platform.StopInProcessWorkersAsync();
            await platform.EnsureWorkerAsync();
        }
    }

    private static long Id(string jobId) => long.Parse(jobId, CultureInfo.InvariantCulture);
}
