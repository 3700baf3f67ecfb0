using TaskRunner.Api.Tasks;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Prompts;

/// <summary>Priorities pick the Hangfire queue, and a Worker fetches its high queue before its normal and low ones.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PriorityTests(PlatformFixture platform)
{
    private const int LowTasks = 120;

    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task A_high_priority_prompt_overtakes_a_backlog_of_low_priority_prompts()
    {
        await platform.StopInProcessWorkersAsync();
        platform.Llm.Latency = TimeSpan.FromMilliseconds(300);
        var lows = new List<TaskAccepted>();
        try
        {
            // One Worker with one slot serving the llm family (no async executor), so the backlog waits behind one call at a time.
            await platform.StartWorkerAsync("llm", count: 1, settings: new Dictionary<string, string?> { ["Worker:AsyncConcurrency"] = "0" });
            foreach (var chunk in Enumerable.Range(0, LowTasks).Chunk(8))
            {
                lows.AddRange(await Task.WhenAll(chunk.Select(i => api.SubmitPromptAsync(new { prompt = $"Low {i}", priority = "low" }))));
            }

            Assert.All(lows, t => Assert.Equal("z_low_llm", t.Queue));
            var high = await api.SubmitPromptAsync(new { prompt = "High", priority = "high" });

            // Low tasks still queued once the high one exists had certainly not started before it was submitted.
            var waiting = new List<Guid>();
            foreach (var low in lows)
            {
                if ((await api.GetTaskAsync(low.TaskId)).GetProperty("status").GetString() == "queued")
                {
                    waiting.Add(low.TaskId);
                }
            }

            Assert.NotEmpty(waiting);
            var highDone = await api.WaitForFinalAsync(high.TaskId, TimeSpan.FromSeconds(60));
            Assert.Equal("succeeded", highDone.GetProperty("status").GetString());
            var startedAfter = new List<(DateTime At, string Task)>();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await StartedCountAsync(waiting) < 3)
            {
                Assert.True(DateTime.UtcNow < deadline, "The backlog did not go on after the high-priority task.");
                await Task.Delay(100);
            }

            foreach (var id in waiting)
            {
                var low = await api.GetTaskAsync(id);
                if (low.TryGetProperty("startedAt", out var started) && started.ValueKind != System.Text.Json.JsonValueKind.Null)
                {
                    startedAfter.Add((started.GetDateTime(), low.ToString()));
                }
            }

            Assert.True(startedAfter.Count >= 3, "The backlog should go on after the high-priority task.");

            // A queue gives priority at fetch time, without preemption: the one Worker slot may already have fetched the
            // next low job (and be claiming it) when the high one was submitted. Every other waiting low task starts later.
            var overtaken = startedAfter.Where(s => s.At < highDone.StartedAt()).ToList();
            Assert.True(overtaken.Count <= 1, $"{overtaken.Count} low tasks started before the high one ({highDone}): {string.Join("; ", overtaken.Select(o => o.Task))}");
            Assert.True(startedAfter.Count(s => s.At > highDone.StartedAt()) >= 2);
        }
        finally
        {
            platform.Llm.Latency = TimeSpan.Zero;
            foreach (var low in lows)
            {
                using (await api.Http.PostAsync($"/api/v1/tasks/{low.TaskId}/cancel", null))
                {
                }
            }

            await platform.StopInProcessWorkersAsync();
            await platform.EnsureWorkerAsync();
        }
    }

    private async Task<int> StartedCountAsync(IEnumerable<Guid> ids)
    {
        var count = 0;
        foreach (var id in ids.Take(20))
        {
            var task = await api.GetTaskAsync(id);
            count += task.TryGetProperty("startedAt", out var s) && s.ValueKind != System.Text.Json.JsonValueKind.Null ? 1 : 0;
        }

        return count;
    }
}
