using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Faults;

[Collection(PlatformCollection.Name)]
public sealed class PoisonTaskTests(PlatformFixture platform)
{
    private const int MaxAttempts = 3; // the default Retry__MaxAttempts the fixture's Workers run with

    private const string Fault = "poison task: worker killed (SIGKILL) on every attempt";

    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task A_task_whose_worker_dies_on_every_attempt_fails_with_worker_lost_and_the_next_task_runs()
    {
        await platform.StopInProcessWorkersAsync();
        Guid taskId = Guid.Empty;
        var killed = 0;
        try
        {
            for (var attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                using var doomed = platform.StartWorkerProcess("default");
                if (attempt == 1)
                {
                    taskId = (await api.SubmitNoopAsync(120_000, 600)).TaskId;
                }

                // The previous Worker's death is noticed by this one's reaper, which requeues the task for it.
                var expected = attempt;
                await api.WaitUntilAsync(taskId, t => t.GetProperty("status").GetString() == "running" && t.GetProperty("attempts").GetInt32() == expected,
                    TimeSpan.FromSeconds(60));
                await doomed.KillAsync();
                if (killed++ == 0)
                {
                    FaultReport.FaultInjected(Fault);
                }
            }
        }
        finally
        {
            await platform.EnsureWorkerAsync();
        }

        var task = await api.WaitForFinalAsync(taskId, TimeSpan.FromSeconds(60));
        var next = await api.WaitForFinalAsync((await api.SubmitNoopAsync(0, 1)).TaskId);

        // The poison task must end failed with worker_lost after its attempts, the next one succeed. A run past the
        // retry limit is the poison task run once too often: counted as duplicated.
        var poisonEndedAsItMust = task.GetProperty("status").GetString() == "failed" && task.GetProperty("error").GetProperty("code").GetString() == "worker_lost";
        FaultReport.TasksChecked(Fault, tasks: 2,
            lost: (poisonEndedAsItMust ? 0 : 1) + (next.GetProperty("status").GetString() == "succeeded" ? 0 : 1),
            duplicated: Math.Max(0, task.GetProperty("attempts").GetInt32() - MaxAttempts));
        Assert.Equal(MaxAttempts, killed);
        Assert.Equal("failed", task.GetProperty("status").GetString());
        Assert.Equal("worker_lost", task.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(MaxAttempts, task.GetProperty("attempts").GetInt32());
        Assert.Equal("succeeded", next.GetProperty("status").GetString());
        FaultReport.FaultSurvived(Fault);
    }
}
