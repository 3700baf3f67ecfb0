using Dapper;
using Npgsql;
using TaskRunner.Api.Tasks;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Fairness;

/// <summary>
/// A tenant's in-flight cap per queue: one tenant's backlog of long tasks holds at most its cap of Worker slots, the
/// rest of its tasks wait queued without spending attempts, and another tenant's task still starts.
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
        try
        {
            foreach (var chunk in Enumerable.Range(0, Backlog).Chunk(10))
            {
                backlog.AddRange(await Task.WhenAll(chunk.Select(_ => busy.SubmitNoopAsync(600_000, 1))));
            }

            var started = await other.SubmitNoopAsync(0, 1);
            var done = await other.WaitForFinalAsync(started.TaskId, TimeSpan.FromSeconds(120));
            Assert.Equal("succeeded", done.GetProperty("status").GetString());

            await using var connection = await dataSource.OpenConnectionAsync();
            var counts = (await connection.QueryAsync<(string Status, int Attempts, long Count)>(
                "select status, attempts, count(*) from tasks where tenant_id = @busyTenant group by status, attempts", new { busyTenant })).ToList();
            var running = counts.Where(c => c.Status == "running").Sum(c => c.Count);
            var queued = counts.Where(c => c.Status == "queued").ToList();
            Assert.True(running <= Cap, $"The busy tenant runs {running} tasks, above its cap of {Cap}: {string.Join(", ", counts)}");
            Assert.True(queued.Sum(c => c.Count) >= Backlog - Cap, $"The backlog should still wait: {string.Join(", ", counts)}");
            Assert.All(queued, c => Assert.Equal(0, c.Attempts));
            var deferred = await connection.ExecuteScalarAsync<long>(
                "select count(*) from tasks where tenant_id = @busyTenant and status = 'queued' and message like 'Waiting: the tenant has reached its cap%'", new { busyTenant });
            Assert.True(deferred > 0, "Tasks refused at the cap say why they wait.");
        }
        finally
        {
            await CancelAllAsync(busy, backlog);
        }
    }

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
