using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Exercises;

[Collection(PlatformCollection.Name)]
public sealed class SharedConcurrencyLimitTests(PlatformFixture platform)
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task Two_worker_hosts_together_never_exceed_the_llm_concurrency_limit()
    {
        var limited = new Dictionary<string, string?> { ["Llm:MaxConcurrency"] = "2" };
        await platform.StopInProcessWorkersAsync();
        await platform.StartWorkerAsync("llm", count: 4, settings: limited);
        await platform.StartWorkerAsync("llm", count: 4, settings: limited);
        platform.Llm.ResetCounters();
        platform.Llm.DefaultDelayBetweenPieces = TimeSpan.FromMilliseconds(50);
        try
        {
            var tasks = new List<Guid>();
            for (var i = 0; i < 6; i++)
            {
                tasks.Add(await api.GenerateAcceptedAsync(new { topic = $"Topic {i}", count = 2, types = new[] { "multiple_choice" }, language = "en" }));
            }

            foreach (var taskId in tasks)
            {
                await api.SucceededAsync(taskId);
                Assert.Equal(2, await platform.StoredExerciseCountAsync(taskId));
            }

            Assert.Equal(6, platform.Llm.TotalRequests);
            Assert.InRange(platform.Llm.MaxConcurrentRequests, 1, 2);
        }
        finally
        {
            platform.Llm.DefaultDelayBetweenPieces = TimeSpan.Zero;
            await platform.StopInProcessWorkersAsync();
            await platform.EnsureWorkerAsync();
        }
    }
}
