using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Tasks;

[Collection(PlatformCollection.Name)]
public sealed class WorkerReliabilityTests(PlatformFixture platform)
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task Two_workers_never_run_the_same_task_twice()
    {
        var second = await platform.StartWorkerAsync();
        try
        {
            var ids = new List<Guid>();
            for (var i = 0; i < 40; i++)
            {
                ids.Add((await api.SubmitNoopAsync(30, 1)).TaskId);
            }

            foreach (var id in ids)
            {
                var task = await api.WaitForFinalAsync(id);
                Assert.Equal("succeeded", task.GetProperty("status").GetString());
                Assert.Equal(1, task.GetProperty("attempts").GetInt32());
            }

            await using var connection = new NpgsqlConnection(platform.ConnectionString);
            var runs = (await connection.QueryAsync<int>("select runs from tasks where id = any(@ids)", new { ids = ids.ToArray() })).ToList();
            Assert.Equal(ids.Count, runs.Count);
            Assert.All(runs, r => Assert.Equal(1, r));
            var workers = await connection.ExecuteScalarAsync<int>("select count(distinct worker_id) from tasks where id = any(@ids)", new { ids = ids.ToArray() });
            Assert.True(workers >= 1);
        }
        finally
        {
            await platform.StopWorkerAsync(second);
        }
    }

    [Fact]
    public async Task A_task_whose_worker_process_is_killed_is_picked_up_again_and_finishes_once()
    {
        await platform.StopInProcessWorkersAsync();
        using var doomed = platform.StartWorkerProcess("default");
        try
        {
            var taskId = (await api.SubmitNoopAsync(8000, 40)).TaskId;
            await api.WaitUntilAsync(taskId, t => t.GetProperty("status").GetString() == "running" && t.GetProperty("progress").GetSingle() > 0, TimeSpan.FromSeconds(60));
            await doomed.KillAsync();

            await platform.StartWorkerAsync();
            var task = await api.WaitForFinalAsync(taskId, TimeSpan.FromSeconds(60));
            Assert.Equal("succeeded", task.GetProperty("status").GetString());
            Assert.False(task.GetProperty("result").TryGetProperty("worker", out _), "a result must not reveal the worker's process id");

            await using var connection = new NpgsqlConnection(platform.ConnectionString);
            var runs = await connection.ExecuteScalarAsync<int>("select runs from tasks where id = @taskId", new { taskId });
            Assert.Equal(2, runs);
        }
        finally
        {
            await platform.EnsureWorkerAsync();
        }
    }

    [Fact]
    public async Task Reconnecting_with_last_event_id_gets_the_current_state_and_continues_the_numbering()
    {
        var taskId = (await api.SubmitNoopAsync(2000, 10)).TaskId;
        var first = new List<SseEvent>();
        await foreach (var e in api.ReadEventsAsync(taskId))
        {
            first.Add(e);
            if (first.Count == 3)
            {
                break;
            }
        }

        var resumed = new List<SseEvent>();
        await foreach (var e in api.ReadEventsAsync(taskId, lastEventId: first[^1].Id))
        {
            resumed.Add(e);
        }

        Assert.Equal(first[^1].Id + 1, resumed[0].Id);
        Assert.Equal("state", resumed[0].Event);
        Assert.Equal("succeeded", resumed[^1].Status);
        Assert.True(resumed.Zip(resumed.Skip(1)).All(p => p.Second.Id == p.First.Id + 1));
    }
}
