using System.Globalization;
using System.Text.Json;
using Dapper;
using Hangfire;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.IntegrationTests.Prompts;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Fairness;
using TaskRunner.Tasks.Jobs;

namespace TaskRunner.IntegrationTests.Tasks;

/// <summary>
/// The dispatch leader's Worker starts due llm tasks straight from the outbox on its own executor: one statement claims
/// each task and creates its job Processing, with the history a dispatched and fetched job has, and no queue entry.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DirectStartTests(PlatformFixture platform)
{
    /// <summary>No Worker serves this queue, so only the test's own start takes its tasks.</summary>
    private const string UnservedQueue = "direct_start_test";

    private const int Prompts = 20;

    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task One_statement_claims_the_due_uncapped_tasks_and_makes_their_jobs_processing_with_a_fetched_jobs_history()
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();

        // Inside a transaction no dispatcher of the fixture sees the tasks. No configured cap; one tenant has a row capping it at 1.
        await using var transaction = await connection.BeginTransactionAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (free, capped) = ($"direct-free-{suffix}", $"direct-capped-{suffix}");
        await connection.ExecuteAsync("insert into tenant_limits (tenant_id, queue, max_in_flight) values (@capped, @queue, 1)", new { capped, queue = UnservedQueue }, transaction);
        var tasks = new[]
        {
            (Id: Guid.NewGuid(), Tenant: free, Cancel: false, Later: false, Priority: "normal"),
            (Id: Guid.NewGuid(), Tenant: free, Cancel: false, Later: false, Priority: "high"),
            (Id: Guid.NewGuid(), Tenant: free, Cancel: true, Later: false, Priority: "normal"),
            (Id: Guid.NewGuid(), Tenant: free, Cancel: false, Later: true, Priority: "normal"),
            (Id: Guid.NewGuid(), Tenant: capped, Cancel: false, Later: false, Priority: "normal"),
        };
        foreach (var task in tasks)
        {
            await connection.ExecuteAsync("""
                insert into tasks (id, tenant_id, type, status, queue, input, priority, cancel_requested, not_before, created_at, updated_at)
                values (@Id, @Tenant, 'llm.prompt', 'queued', @queue, '{}', @Priority, @Cancel, case when @Later then now() + interval '1 hour' end, now(), now())
                """, new { task.Id, task.Tenant, task.Priority, task.Cancel, task.Later, queue = UnservedQueue }, transaction);
        }

        try
        {
            var gate = new TenantInFlightGate(Options.Create(new FairnessOptions { MaxInFlightPerTenant = 0, Queues = new() }), NullLogger<TenantInFlightGate>.Instance);
            var started = await new HangfireDirectStart(gate).StartAsync(connection, [UnservedQueue], 10, "test-worker", "test-server:1", CancellationToken.None);

            // The two due, uncapped, not canceled tasks, high priority first; the others stay in the outbox untouched.
            Assert.Equal([tasks[1].Id, tasks[0].Id], started.Select(s => s.Task.Id).ToArray());
            Assert.All(started, s => Assert.Equal(("running", 1, 1, "test-worker", s.JobId), (s.Task.Status, s.Task.Runs, s.Task.Attempts, s.Task.WorkerId, s.Task.HangfireJobId)));
            var untouched = await connection.QueryAsync<(string Status, bool Dispatched)>(
                "select status, dispatch_id is not null from tasks where id = any(@ids)", new { ids = tasks.Skip(2).Select(t => t.Id).ToArray() }, transaction);
            Assert.All(untouched, row => Assert.Equal(("queued", false), row));

            // Each job is Processing on the server, its history Enqueued then Processing, its arguments the task's ids, and it is in no queue.
            var jobIds = started.Select(s => long.Parse(s.JobId, CultureInfo.InvariantCulture)).ToArray();
            var states = (await connection.QueryAsync<(long JobId, long StateId, string Name, string? Data, bool Current)>("""
                select s.jobid, s.id, s.name, s.data::text, j.stateid = s.id
                  from hangfire.state s join hangfire.job j on j.id = s.jobid
                 where s.jobid = any(@jobIds) order by s.id
                """, new { jobIds }, transaction)).ToList();
            foreach (var (job, task) in jobIds.Zip(started))
            {
                var history = states.Where(s => s.JobId == job).ToList();
                Assert.Equal(["Enqueued", "Processing"], history.Select(s => s.Name).ToArray());
                Assert.True(history[1].Current, "The job's current state is not its Processing state.");
                Assert.Equal(UnservedQueue, JsonSerializer.Deserialize<Dictionary<string, string>>(history[0].Data!)!["Queue"]);
                var processing = JsonSerializer.Deserialize<Dictionary<string, string>>(history[1].Data!)!;
                Assert.Equal(("test-server:1", ExecutorProcessingState.WorkerId), (processing["ServerId"], processing["WorkerId"]));

                var arguments = await connection.QuerySingleAsync<string>("select arguments::text from hangfire.job where id = @job", new { job }, transaction);
                Assert.Equal([task.Task.Id.ToString(), task.Task.DispatchId!.Value.ToString()], JsonSerializer.Deserialize<string?[]>(arguments)!.Take(2).Select(a => a!.Trim('"')).ToArray());
            }

            Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*) from hangfire.jobqueue where jobid = any(@jobIds)", new { jobIds }, transaction));

            // The fetch's claim (claim_tasks) leaves a task the same way: give the late task a dispatch and claim it there.
            var late = tasks[3].Id;
            var dispatch = Guid.NewGuid();
            await connection.ExecuteAsync("update tasks set not_before = null, dispatch_id = @dispatch where id = @late", new { dispatch, late }, transaction);
            await connection.ExecuteAsync("""
                select * from claim_tasks(array[0::bigint], array[@late], array[@dispatch], 'test-worker', array['queued'], '{}'::jsonb, '{}'::jsonb, 0, 5, '', '')
                """, new { late, dispatch }, transaction);
            var rows = await connection.QueryAsync<(string Status, int Runs, int Attempts, string WorkerId, bool Started, bool Beating, bool Handoff, int Version, string Stage)>("""
                select status, runs, attempts, worker_id, started_at is not null, heartbeat_at is not null, handoff, version, stage from tasks where id = any(@ids)
                """, new { ids = new[] { tasks[0].Id, tasks[1].Id, late } }, transaction);
            Assert.Single(rows.Distinct());
        }
        finally
        {
            await transaction.RollbackAsync();
        }
    }

    [Fact]
    public async Task A_burst_of_prompts_starts_on_the_leaders_executor_without_a_queue_or_a_fetch()
    {
        // With no Worker the burst waits in the outbox. The new Worker is the dispatch leader; neither its batch fetcher
        // (off) nor its one Hangfire worker of the llm queues (polling once a minute, not woken) would start the burst in time.
        await platform.StopInProcessWorkersAsync();
        platform.Llm.ResetCounters();
        try
        {
            var accepted = await Task.WhenAll(Enumerable.Range(0, Prompts).Select(i => api.SubmitPromptAsync(new { prompt = $"Direct question {i}?" })));
            await platform.StartWorkerAsync("llm", count: 1, settings: new Dictionary<string, string?>
            {
                ["Worker:WaitingCount"] = "1",
                ["Worker:BatchFetch"] = "false",
                ["Hangfire:EnableLongPolling"] = "false",
                ["Hangfire:QueuePollIntervalMs"] = "60000",
                ["Fairness:Queues:llm"] = "0",
            });

            var jobs = new List<long>();
            foreach (var task in accepted)
            {
                var final = await api.WaitForFinalAsync(task.TaskId, TimeSpan.FromSeconds(45));
                Assert.Equal("succeeded", final.GetProperty("status").GetString());
                jobs.Add(long.Parse(final.GetProperty("hangfireJobId").GetString()!, CultureInfo.InvariantCulture));
            }

            await using var connection = new NpgsqlConnection(platform.ConnectionString);
            var states = (await connection.QueryAsync<(long JobId, string Name, DateTime CreatedAt)>(
                "select jobid, name, createdat from hangfire.state where jobid = any(@jobs) order by id", new { jobs = jobs.ToArray() })).ToList();

            // A started job's Enqueued and Processing states come from the one statement (one time); the single Hangfire
            // worker may have taken one job in its first poll, later than its dispatch.
            var direct = jobs.Where(job => states.Where(s => s.JobId == job && s.Name != "Succeeded").Select(s => s.CreatedAt).Distinct().Count() == 1).ToList();
            Assert.True(direct.Count >= Prompts - 1, $"{direct.Count} of {Prompts} jobs were started straight from the outbox.");
            Assert.All(direct, job => Assert.Equal(["Enqueued", "Processing", "Succeeded"], states.Where(s => s.JobId == job).Select(s => s.Name).ToArray()));
            Assert.Equal(Prompts, platform.Llm.TotalRequests);
        }
        finally
        {
            await platform.StopInProcessWorkersAsync();
            await platform.EnsureWorkerAsync();
        }
    }
}
