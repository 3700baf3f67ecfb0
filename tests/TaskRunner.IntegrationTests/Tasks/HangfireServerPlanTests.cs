using System.Text.Json;
using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Worker.Hosting;

namespace TaskRunner.IntegrationTests.Tasks;

/// <summary>
/// A Worker serves the llm queues on a Hangfire server of its own while its async executor is on (their jobs only claim
/// and hand over), and every other queue on the server whose worker count bounds CPU work.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class HangfireServerPlanTests(PlatformFixture platform)
{
    [Fact]
    public void The_llm_queues_get_their_own_server_and_the_cpu_queues_keep_the_worker_count()
    {
        var plans = HangfireServerPlan.For(new WorkerOptions { Queues = "default,ingest,llm", Count = 3, WaitingCount = 20 }, asyncConcurrency: 256);

        Assert.Equal(2, plans.Count);
        Assert.Equal(["0_high_default", "default", "z_low_default", "0_high_ingest", "ingest", "z_low_ingest"], plans[0].Queues);
        Assert.Equal(3, plans[0].WorkerCount);
        Assert.Equal(["0_high_llm", "llm", "z_low_llm"], plans[1].Queues);
        Assert.Equal(20, plans[1].WorkerCount);
    }

    [Theory]
    [InlineData(0, 256)]
    [InlineData(20, 0)]
    public void Without_the_executor_or_waiting_workers_one_server_serves_every_queue_with_the_worker_count(int waitingCount, int asyncConcurrency)
    {
        var plan = Assert.Single(HangfireServerPlan.For(new WorkerOptions { Queues = "default,llm", Count = 3, WaitingCount = waitingCount }, asyncConcurrency));

        Assert.Equal(["0_high_default", "default", "z_low_default", "0_high_llm", "llm", "z_low_llm"], plan.Queues);
        Assert.Equal(3, plan.WorkerCount);
    }

    [Fact]
    public void A_worker_serving_only_llm_runs_one_server_of_waiting_workers()
    {
        var plan = Assert.Single(HangfireServerPlan.For(new WorkerOptions { Queues = "llm", Count = 3, WaitingCount = 20 }, asyncConcurrency: 256));

        Assert.Equal(20, plan.WorkerCount);
    }

    [Fact]
    public async Task A_running_worker_announces_both_servers_to_hangfire_with_their_queues_and_counts()
    {
        await platform.EnsureWorkerAsync();
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        var servers = (await connection.QueryAsync<string>("select data from hangfire.server")).Select(d => JsonDocument.Parse(d).RootElement).ToArray();

        // Servers of Workers other tests killed may linger until Hangfire times them out; the fixture's Worker is among them.
        Assert.Contains(servers, s => Queues(s).SequenceEqual(["0_high_llm", "llm", "z_low_llm"]) && s.GetProperty("WorkerCount").GetInt32() == new WorkerOptions().WaitingCount);
        Assert.Contains(servers, s => Queues(s).Contains("ingest") && !Queues(s).Contains("llm"));
    }

    private static string[] Queues(JsonElement server) => [.. server.GetProperty("Queues").EnumerateArray().Select(q => q.GetString()!)];
}
