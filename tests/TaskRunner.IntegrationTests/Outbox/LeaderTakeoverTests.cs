using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Worker.Dispatch;
using TaskRunner.Worker.Maintenance;

namespace TaskRunner.IntegrationTests.Outbox;

/// <summary>One Worker leads dispatch and maintenance; when its process dies another takes over.</summary>
[Collection(PlatformCollection.Name)]
public sealed class LeaderTakeoverTests(PlatformFixture platform)
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task When_the_leading_Worker_process_is_killed_another_Worker_dispatches()
    {
        await platform.StopInProcessWorkersAsync();
        using var leader = platform.StartWorkerProcess("default");
        try
        {
            await WaitForLeaderAsync(DispatchLeader.LockKey, present: true);
            await WaitForLeaderAsync(TaskReaper.LockKey, present: true);

            // The child leads (it held the lock before any other Worker existed) and dispatches.
            var first = (await api.SubmitNoopAsync(0, 1)).TaskId;
            Assert.Equal("succeeded", (await api.WaitForFinalAsync(first, TimeSpan.FromSeconds(60))).GetProperty("status").GetString());

            // A second Worker serves no queue of the no-op: it can only help by dispatching, once it leads.
            await platform.StartWorkerAsync(queues: "embed", count: 1);
            var leaderBackend = await LeaderBackendAsync(DispatchLeader.LockKey);
            await leader.KillAsync();
            await WaitForLeaderAsync(DispatchLeader.LockKey, present: true, not: leaderBackend);

            // Nobody runs the default queue now, so the task proves dispatch alone: it gets a Hangfire job.
            var second = (await api.SubmitNoopAsync(0, 1)).TaskId;
            var dispatched = await api.WaitUntilAsync(second,
                t => t.TryGetProperty("hangfireJobId", out var job) && job.ValueKind == System.Text.Json.JsonValueKind.String, TimeSpan.FromSeconds(30));
            Assert.Equal("queued", dispatched.GetProperty("status").GetString());
        }
        finally
        {
            await platform.StopInProcessWorkersAsync();
            await platform.EnsureWorkerAsync();
        }
    }

    private async Task<int?> LeaderBackendAsync(long key)
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        return await connection.QuerySingleOrDefaultAsync<int?>("""
            select pid from pg_locks
             where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())
               and classid = (@key >> 32)::oid and objid = (@key & 4294967295)::oid and objsubid = 1
            """, new { key });
    }

    private async Task WaitForLeaderAsync(long key, bool present, int? not = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var backend = await LeaderBackendAsync(key);
            if (present == backend.HasValue && (not is null || backend != not))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The advisory lock {key} never got the expected holder (now {backend}).");
            await Task.Delay(100);
        }
    }
}
