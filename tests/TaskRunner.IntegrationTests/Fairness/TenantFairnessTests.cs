using Dapper;
using Npgsql;
using TaskRunner.Api.Tasks;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Fairness;

/// <summary>
/// A tenant's in-flight cap per queue: one tenant's backlog of long tasks holds at most its cap of Worker slots, the
/// rest of its tasks wait queued without spending attempts, and another tenant's task reaches running while the first
/// tenant's tasks still hold their slots and its backlog still waits.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TenantFairnessTests(PlatformFixture platform)
{
    private const int Backlog = 200;
    private const int Cap = 2;

    [Fact]
    public async Task Another_tenants_task_starts_while_one_tenant_has_a_backlog_of_long_tasks()
    {
        await platform.EnsureWorkerAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (busyTenant, otherTenant) = ($"fair-busy-{suffix}", $"fair-other-{suffix}");
        await using var dataSource = NpgsqlDataSource.Create(platform.ConnectionString);
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            // The fixture's Worker has 4 slots on the default queue: with no cap the backlog would hold all of them for ten minutes.
            await connection.ExecuteAsync("insert into tenant_limits (tenant_id, queue, max_in_flight) values (@busyTenant, 'default', @Cap)", new { busyTenant, Cap });
        }

        // No-op tasks are operator-only; these operator keys belong to the two tenants.
        var busy = new TaskRunnerApiClient(await platform.CreateClientAsync(busyTenant, isOperator: true));
        var other = new TaskRunnerApiClient(await platform.CreateClientAsync(otherTenant, isOperator: true));
        var backlog = new List<TaskAccepted>();
        var otherTasks = new List<TaskAccepted>();
        try
        {
            foreach (var chunk in Enumerable.Range(0, Backlog).Chunk(10))
            {
                backlog.AddRange(await Task.WhenAll(chunk.Select(_ => busy.SubmitNoopAsync(600_000, 1))));
            }

            // The busy tenant's first tasks take their slots and keep them: they run for ten minutes.
            var holders = await WaitForRunningAsync(dataSource, busyTenant, Cap);

            // The other tenant's task reaches running while those still hold their slots and the rest of the backlog
            // waits: checked while it runs (it runs for ten minutes too), so the order is seen, not inferred.
            var otherLong = await other.SubmitNoopAsync(600_000, 1);
            otherTasks.Add(otherLong);
            var otherRunning = await other.WaitUntilAsync(otherLong.TaskId, t => t.GetProperty("status").GetString() == "running", TimeSpan.FromSeconds(120));
            var otherStarted = otherRunning.GetProperty("startedAt").GetDateTime();
            var busyNow = await BusyTenantAsync(dataSource, busyTenant);
            Assert.Equal(holders.Select(h => h.Id).Order(), busyNow.Running.Select(h => h.Id).Order());
            Assert.All(busyNow.Running, h => Assert.True(h.StartedAt < otherStarted, $"Task {h.Id} of the busy tenant started after the other tenant's."));
            Assert.True(busyNow.QueuedWithoutAttempts >= Backlog - Cap, $"The backlog should still wait beyond the cap: {busyNow.QueuedWithoutAttempts} queued.");

            // A short task of the other tenant also starts and finishes meanwhile.
            var started = await other.SubmitNoopAsync(0, 1);
            var done = await other.WaitForFinalAsync(started.TaskId, TimeSpan.FromSeconds(120));
            Assert.Equal("succeeded", done.GetProperty("status").GetString());

            await using var connection = await dataSource.OpenConnectionAsync();
            var counts = (await connection.QueryAsync<(string Status, int Attempts, long Count)>(
                "select status, attempts, count(*) from tasks where tenant_id = @busyTenant group by status, attempts", new { busyTenant })).ToList();
            var runningCount = counts.Where(c => c.Status == "running").Sum(c => c.Count);
            var queued = counts.Where(c => c.Status == "queued").ToList();
            Assert.True(runningCount <= Cap, $"The busy tenant runs {runningCount} tasks, above its cap of {Cap}: {string.Join(", ", counts)}");
            Assert.True(queued.Sum(c => c.Count) >= Backlog - Cap, $"The backlog should still wait: {string.Join(", ", counts)}");
            Assert.All(queued, c => Assert.Equal(0, c.Attempts));
            var deferred = await connection.ExecuteScalarAsync<long>(
                "select count(*) from tasks where tenant_id = @busyTenant and status = 'queued' and message like 'Waiting: the tenant has reached its cap%'", new { busyTenant });
            Assert.True(deferred > 0, "Tasks refused at the cap say why they wait.");
        }
        finally
        {
            await CancelAllAsync(busy, backlog);
            await CancelAllAsync(other, otherTasks);
        }
    }

    /// <summary>Polls until the tenant runs <paramref name="count"/> tasks; returns them.</summary>
    private static async Task<IReadOnlyList<RunningTask>> WaitForRunningAsync(NpgsqlDataSource dataSource, string tenant, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var state = await BusyTenantAsync(dataSource, tenant);
            if (state.Running.Count >= count)
            {
                Assert.Equal(count, state.Running.Count);
                return state.Running;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The tenant runs {state.Running.Count} tasks, never {count}.");
            await Task.Delay(100);
        }
    }

    /// <summary>The tenant's running tasks and its count of queued tasks that have not spent an attempt, in one snapshot.</summary>
    private static async Task<(IReadOnlyList<RunningTask> Running, long QueuedWithoutAttempts)> BusyTenantAsync(NpgsqlDataSource dataSource, string tenant)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var snapshot = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        var running = (await connection.QueryAsync<RunningTask>(
            "select id, started_at as StartedAt from tasks where tenant_id = @tenant and status = 'running'", new { tenant }, snapshot)).ToList();
        var queued = await connection.ExecuteScalarAsync<long>(
            "select count(*) from tasks where tenant_id = @tenant and status = 'queued' and attempts = 0", new { tenant }, snapshot);
        return (running, queued);
    }

    private sealed record RunningTask(Guid Id, DateTime StartedAt);

    private static async Task CancelAllAsync(TaskRunnerApiClient api, IEnumerable<TaskAccepted> tasks)
    {
        foreach (var chunk in tasks.Chunk(10))
        {
            await Task.WhenAll(chunk.Select(async t => (await api.Http.PostAsync($"/api/v1/tasks/{t.TaskId}/cancel", null)).Dispose()));
        }

        foreach (var task in tasks)
        {
            await api.WaitForFinalAsync(task.TaskId, TimeSpan.FromSeconds(60));
        }
    }
}
