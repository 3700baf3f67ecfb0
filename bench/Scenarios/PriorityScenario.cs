using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using TaskRunner.Bench.Infrastructure;
using TaskRunner.Bench.Measurement;

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
        var http = run.Platform.Http;
        try
        {
            var started = Stopwatch.GetTimestamp();
            var lows = new List<Guid>(backlog);
            for (var i = 0; i < backlog; i++)
            {
                lows.Add(await SubmitAsync(http, $"Low {i}", "low", ct));
            }

            var worker = await run.Stack.StartWorkerAsync("llm", Workers, ct);
            try
            {
                // Let the backlog start draining, then submit the high task behind it.
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
                var highSubmitted = DateTimeOffset.UtcNow;
                var high = await SubmitAsync(http, "High: overtakes the backlog", "high", ct);
                var (_, succeeded, failed) = await TaskWaiter.WaitAllFinalAsync(run.Stack.DataSource, [.. lows, high], started, TimeSpan.FromMinutes(10), ct);
                var drain = Stopwatch.GetElapsedTime(started);
                var tasks = await TaskWaiter.ReadAllAsync(http, [.. lows, high], ct);
                var highTask = tasks.Single(t => t.GetProperty("id").GetGuid() == high);
                var highStarted = highTask.GetProperty("startedAt").GetDateTimeOffset();
                var waitMs = (highStarted - highTask.GetProperty("createdAt").GetDateTimeOffset()).TotalMilliseconds;
                var overtaken = tasks.Count(t => t.GetProperty("id").GetGuid() != high && t.TryGetProperty("startedAt", out var s) && s.ValueKind == JsonValueKind.String
                    && s.GetDateTimeOffset() > highSubmitted && s.GetDateTimeOffset() < highStarted);
                var lowStartedLater = tasks.Count(t => t.GetProperty("id").GetGuid() != high && t.TryGetProperty("startedAt", out var s) && s.ValueKind == JsonValueKind.String
                    && s.GetDateTimeOffset() > highStarted);
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
                        Status = failed == 0 ? "ok" : $"failed: {failed} tasks failed",
                        Notes = $"{overtaken} low tasks started between the high task's submit and its start; {lowStartedLater} low tasks started after it",
                    },
                ];
            }
            finally
            {
                await run.Stack.StopWorkerAsync(worker);
            }
        }
        finally
        {
            llm.Latency = latency;
        }
    }

    private static async Task<Guid> SubmitAsync(HttpClient http, string prompt, string priority, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/tasks", new { prompt, priority }, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("taskId").GetGuid();
    }
}
