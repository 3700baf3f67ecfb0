using Dapper;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Tasks;

namespace TaskRunner.IntegrationTests.Tasks;

/// <summary>
/// Which queued tasks the stranded-job sweep gives a new dispatch, and when: a job a Hangfire worker fetched and never
/// started after <c>Worker:FetchedJobLostAfterSeconds</c>, a job that is gone or final after <c>Worker:StaleAfterSeconds</c>,
/// and never a job that still waits in its queue.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class StrandedJobTests(PlatformFixture platform) : IAsyncLifetime
{
    /// <summary>A queue no Worker of the fixture serves, so the jobs below stay as the test leaves them.</summary>
    private const string Unserved = "stranded_test";

    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(platform.ConnectionString);
    private TaskStore store = null!;

    public Task InitializeAsync()
    {
        store = TestTaskStores.Over(dataSource);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await dataSource.DisposeAsync();

    [Fact]
    public async Task A_fetched_job_never_started_is_released_sooner_than_a_deleted_one_and_a_waiting_one_never()
    {
        // The fixture's Workers sweep every second with their own thresholds: none runs while this test sweeps by hand.
        await platform.StopInProcessWorkersAsync();
        try
        {
            await SweepByHandAsync();
        }
        finally
        {
            await platform.EnsureWorkerAsync();
        }
    }

    private async Task SweepByHandAsync()
    {
        var jobs = platform.ApiServices.GetRequiredService<IBackgroundJobClient>();
        var fetched = await QueuedTaskAsync(jobs.Create(() => Console.WriteLine("fetched"), new EnqueuedState(Unserved)));
        var deletedJob = jobs.Create(() => Console.WriteLine("deleted"), new EnqueuedState(Unserved));
        Assert.True(jobs.Delete(deletedJob));
        var deleted = await QueuedTaskAsync(deletedJob);
        var waiting = await QueuedTaskAsync(jobs.Create(() => Console.WriteLine("waiting"), new EnqueuedState(Unserved)));
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            // A worker took the first job's queue entry 15 s ago and never moved the job on; every task was dispatched 15 s ago.
            await connection.ExecuteAsync("update hangfire.jobqueue set fetchedat = now() - interval '15 seconds' where jobid = @id",
                new { id = long.Parse(fetched.JobId, System.Globalization.CultureInfo.InvariantCulture) });
            await connection.ExecuteAsync("update tasks set updated_at = now() - interval '15 seconds' where id = any(@ids)",
                new { ids = new[] { fetched.TaskId, deleted.TaskId, waiting.TaskId } });
        }

        // Stale after 60 s, a fetch lost after 10 s: only the fetched job's task goes.
        var first = await store.ReleaseStrandedAsync(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10), 1000, CancellationToken.None);
        var lostFetch = Assert.Single(first, s => s.TaskId == fetched.TaskId);
        Assert.Equal(fetched.JobId, lostFetch.JobId);
        Assert.Matches(@"^Enqueued, fetched 1[5-9] s ago and not started$", lostFetch.JobState);
        Assert.DoesNotContain(first, s => s.TaskId == deleted.TaskId || s.TaskId == waiting.TaskId);
        Assert.Equal((null, null), await DispatchAsync(fetched.TaskId));

        // Stale after 10 s too: the deleted job's task goes; the job still waiting in its queue is never taken from it.
        var second = await store.ReleaseStrandedAsync(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), 1000, CancellationToken.None);
        Assert.Equal(new StrandedTask(deleted.TaskId, deletedJob, "Deleted"), Assert.Single(second, s => s.TaskId == deleted.TaskId));
        Assert.DoesNotContain(second, s => s.TaskId == waiting.TaskId);
        Assert.Equal(waiting.JobId, (await DispatchAsync(waiting.TaskId)).JobId);
    }

    private async Task<(Guid TaskId, string JobId)> QueuedTaskAsync(string jobId)
    {
        var taskId = Guid.NewGuid();
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            insert into tasks (id, tenant_id, type, status, queue, dispatch_id, hangfire_job_id)
            values (@taskId, 'stranded', 'diagnostics.noop', 'queued', 'default', gen_random_uuid(), @jobId)
            """, new { taskId, jobId });
        return (taskId, jobId);
    }

    private async Task<(Guid? DispatchId, string? JobId)> DispatchAsync(Guid taskId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(Guid?, string?)>("select dispatch_id, hangfire_job_id from tasks where id = @taskId", new { taskId });
    }
}
