using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using TaskRunner.Api.Tasks;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Fairness;

/// <summary>
/// An API key's own in-flight cap per queue family: a key capped at 1 holds one Worker slot however many long tasks it
/// submits, its other tasks wait queued without spending attempts, another key of the same tenant still starts its task,
/// and raising the cap over the admin endpoint lets a second task start without a restart.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ApiKeyInFlightCapTests(PlatformFixture platform)
{
    private const int Backlog = 4;

    [Fact]
    public async Task A_key_capped_at_one_runs_one_task_at_a_time_while_another_key_of_the_tenant_still_starts_its_task()
    {
        await platform.EnsureWorkerAsync();
        var tenant = $"keycap-{Guid.NewGuid():N}"[..20];

        // No-op tasks are operator-only; both keys are operator keys of one tenant. The fixture's Worker has 4 slots on
        // the default queue: without the key's cap its four ten-minute tasks would hold every one of them.
        var (cappedId, capped) = await CreateKeyAsync(tenant, new Dictionary<string, int> { ["default"] = 1 });
        var (_, other) = await CreateKeyAsync(tenant, null);
        var backlog = new List<TaskAccepted>();
        await using var dataSource = NpgsqlDataSource.Create(platform.ConnectionString);
        try
        {
            foreach (var _ in Enumerable.Range(0, Backlog))
            {
                backlog.Add(await capped.SubmitNoopAsync(600_000, 1));
            }

            await using var connection = await dataSource.OpenConnectionAsync();
            var recorded = await connection.ExecuteScalarAsync<long>(
                "select count(*) from tasks where tenant_id = @tenant and api_key_id = @cappedId", new { tenant, cappedId });
            Assert.Equal(Backlog, recorded);

            // Once one of the key's tasks runs, the key's count must stay at one for as long as we watch.
            await WaitForRunningAsync(connection, cappedId, 1);
            var started = await other.SubmitNoopAsync(0, 1);
            var deadline = DateTime.UtcNow.AddSeconds(120);
            string? status;
            do
            {
                var running = await RunningOfKeyAsync(connection, cappedId);
                Assert.True(running <= 1, $"The key capped at 1 runs {running} tasks.");
                status = (await other.GetTaskAsync(started.TaskId)).GetProperty("status").GetString();
                if (status is "succeeded" or "failed" or "canceled")
                {
                    break;
                }

                await Task.Delay(200);
            }
            while (DateTime.UtcNow < deadline);

            Assert.Equal("succeeded", status);
            var counts = (await connection.QueryAsync<(string Status, int Attempts, long Count)>(
                "select status, attempts, count(*) from tasks where api_key_id = @cappedId group by status, attempts", new { cappedId })).ToList();
            Assert.Equal(1, counts.Where(c => c.Status == "running").Sum(c => c.Count));
            Assert.Equal(Backlog - 1, counts.Where(c => c.Status == "queued").Sum(c => c.Count));
            Assert.All(counts.Where(c => c.Status == "queued"), c => Assert.Equal(0, c.Attempts));
            var waiting = await connection.ExecuteScalarAsync<long>(
                "select count(*) from tasks where api_key_id = @cappedId and status = 'queued' and message like 'Waiting: the API key that submitted the task has reached its cap%'",
                new { cappedId });
            Assert.True(waiting > 0, "Tasks refused at the key's cap say why they wait: " + string.Join(", ", counts));

            // Raising the key's cap takes effect at the next claim: a second task of the key starts.
            using var raised = await platform.Client.PutAsJsonAsync($"/api/v1/admin/keys/{cappedId}/limits", new { maxInFlight = new Dictionary<string, int> { ["default"] = 2 } });
            Assert.Equal(HttpStatusCode.OK, raised.StatusCode);
            Assert.Equal(2, (await raised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("maxInFlight").GetProperty("default").GetInt32());
            await WaitForRunningAsync(connection, cappedId, 2);
        }
        finally
        {
            await CancelAllAsync(capped, backlog);
        }
    }

    private async Task<(Guid Id, TaskRunnerApiClient Client)> CreateKeyAsync(string tenant, Dictionary<string, int>? maxInFlight)
    {
        using var response = await platform.Client.PostAsJsonAsync("/api/v1/admin/keys", new { tenant, @operator = true, requestsPerMinute = 100_000, maxInFlight });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var client = platform.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.GetProperty("key").GetString());
        return (created.GetProperty("record").GetProperty("id").GetGuid(), new TaskRunnerApiClient(client));
    }

    private static async Task<long> RunningOfKeyAsync(NpgsqlConnection connection, Guid keyId) =>
        await connection.ExecuteScalarAsync<long>("select count(*) from tasks where api_key_id = @keyId and status = 'running'", new { keyId });

    private static async Task WaitForRunningAsync(NpgsqlConnection connection, Guid keyId, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        long running;
        while ((running = await RunningOfKeyAsync(connection, keyId)) < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.True(running >= expected, $"The key should have {expected} running tasks; it has {running}.");
    }

    private static async Task CancelAllAsync(TaskRunnerApiClient api, IEnumerable<TaskAccepted> tasks)
    {
        foreach (var task in tasks)
        {
            (await api.Http.PostAsync($"/api/v1/tasks/{task.TaskId}/cancel", null)).Dispose();
        }

        foreach (var task in tasks)
        {
            await api.WaitForFinalAsync(task.TaskId, TimeSpan.FromSeconds(60));
        }
    }
}
