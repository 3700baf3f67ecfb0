using System.Diagnostics;
using TaskRunner.Bench.Infrastructure;
using TaskRunner.Bench.Measurement;
using TaskRunner.Client;

namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// Issue #13, priority: a backlog of 500 low-priority prompt tasks (LLM stub 100 ms each) on one Worker with 4 jobs at
/// once, then one high-priority prompt task; measured: the high task's submit → start, against the time the backlog
/// takes to drain (first low submitted → last low finished), and how many low tasks started while the high one waited.
/// </summary>
public static class PriorityScenario
{
    public const string Name = "13c. Priority under backlog";
    private const int Workers = 4;

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchRun run, CancellationToken ct)
    {
        var backlog = run.Options.Quick ? 40 : 500;
        var llm = run.Stack.Llm;
        var latency = llm.Latency;
        llm.Latency = TimeSpan.FromMilliseconds(100);
        llm.DefaultReply = _ => "One sentence about photosynthesis.";
        try
        {
            var started = Stopwatch.GetTimestamp();
            var lows = new List<Guid>(backlog);
            for (var i = 0; i < backlog; i++)
            {
                lows.Add(await run.Platform.SubmitPromptAsync($"Low {i}", TaskPriority.Low, ct));
            }

            // Waiting steps run on the executor, not on the Hangfire workers: it too is held to 4 at once, or the batch fetch
            // would start 256 low tasks at once and leave no backlog for the high one to overtake.
            await using var session = await WorkerSession.StartAsync(run.Stack, run.Platform, "llm", Workers, ct,
                new Dictionary<string, string> { ["Worker__AsyncConcurrency"] = Workers.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            var highSubmitted = DateTimeOffset.MinValue;
            var high = Guid.Empty;
            var round = await session.RunAsync(async token =>
            {
                // Let the backlog start draining, then submit the high task behind it.
                await Task.Delay(TimeSpan.FromSeconds(2), token);
                highSubmitted = DateTimeOffset.UtcNow;
                high = await run.Platform.SubmitPromptAsync("High: overtakes the backlog", TaskPriority.High, token);
                return [.. lows, high];
            }, TimeSpan.FromMinutes(10), ct, startedTimestamp: started);
            var drain = round.Wall;
            var highTask = round.Task(high);
            var highStarted = highTask.StartedAt!.Value;
            var waitMs = (highStarted - highTask.CreatedAt).TotalMilliseconds;
            var overtaken = round.Tasks.Count(t => t.Id != high && t.StartedAt is { } s && s > highSubmitted && s < highStarted);
            var lowStartedLater = round.Tasks.Count(t => t.Id != high && t.StartedAt is { } s && s > highStarted);
            var (succeeded, failed) = (round.Succeeded, round.Failed);
            return
            [
                new ScenarioResult
                {
                    Scenario = Name,
                    Workload = $"{backlog} low-priority prompt tasks queued, then 1 high; 1 Worker, {Workers} jobs at once, LLM stub 100 ms",
                    Concurrency = Workers,
                    DurationSeconds = Math.Round(drain.TotalSeconds, 3),
                    Count = succeeded,
                    Rate = Math.Round(succeeded / drain.TotalSeconds, 1),
                    RateUnit = "tasks/s",
                    LatencyMeaning = "high task: submit → started",
                    LatencyMs = Percentiles.Of([waitMs]),
                    Failed = failed,
                    Reference = new ReferenceResult("backlog drain: first low submitted → last task finished", Math.Round(drain.TotalSeconds, 3), backlog, Math.Round(backlog / drain.TotalSeconds, 1), null),
                    Ratio = Math.Round(waitMs / drain.TotalMilliseconds, 4),
                    RatioMeaning = "high task's wait / backlog drain time (near 0: it overtook the backlog)",
                    Status = failed == 0 ? "ok" : $"failed: {failed} tasks failed, first: {TaskWaiter.FirstError(round.Tasks)}",
                    Notes = $"{overtaken} low tasks started between the high task's submit and its start; {lowStartedLater} low tasks started after it",
                },
            ];
        }
        finally
        {
            llm.Latency = latency;
        }
    }
}
