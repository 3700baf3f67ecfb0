using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using TaskRunner.Bench.Infrastructure;
using TaskRunner.Bench.Measurement;
using TaskRunner.Bench.References;

namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// Scenario 8: one batch of N one-second prompts (<c>POST /api/v1/batches</c>) on one Worker, wall time from submit to the
/// batch task finished; reference: the same N streaming calls to the same test server with a bare <c>Task.WhenAll</c>.
/// </summary>
public static class BatchScenario
{
    public const string Name = "8. LLM batch";

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchRun run, CancellationToken ct)
    {
        var n = run.Options.BatchItems;
        var llm = run.Stack.Llm;
        llm.DefaultReply = _ => "Photosynthesis turns light, water and carbon dioxide into sugar and oxygen.";

        // Warm-up of the bare client, not measured (JIT, connection pool).
        await ConcurrentStreamingCaller.RunAsync(llm.BaseUrl, Math.Min(50, n), ct);
        var bare = await ConcurrentStreamingCaller.RunAsync(llm.BaseUrl, n, ct);
        var reference = new ReferenceResult($"bare Task.WhenAll of {n} streaming calls (OpenAI SDK), same test server",
            Math.Round(bare.Wall.TotalSeconds, 3), bare.LatenciesMs.Count, Math.Round(bare.LatenciesMs.Count / bare.Wall.TotalSeconds, 1), Percentiles.Of(bare.LatenciesMs));

        var worker = await run.Stack.StartWorkerAsync("llm", 4, ct);
        try
        {
            // Warm-up batch, not measured: the Worker's first LLM calls open connections and JIT the path.
            await RunBatchAsync(run, Math.Min(50, n), ct);
            llm.ResetCounters();
            var (wall, task, items) = await RunBatchAsync(run, n, ct);
            var created = task.GetProperty("createdAt").GetDateTimeOffset();
            var finishedMs = items.Where(i => i.TryGetProperty("finishedAt", out var f) && f.ValueKind == JsonValueKind.String)
                .Select(i => (i.GetProperty("finishedAt").GetDateTimeOffset() - created).TotalMilliseconds).ToList();
            var succeeded = items.Count(i => i.GetProperty("status").GetString() == "succeeded");
            var status = task.GetProperty("status").GetString();
            return
            [
                new ScenarioResult
                {
                    Scenario = Name,
                    Workload = $"one batch of {n} prompts (POST /api/v1/batches), test server 1 s per completion; 1 Worker process, Llm__MaxConcurrency=1000",
                    Concurrency = n,
                    DurationSeconds = Math.Round(wall.TotalSeconds, 3),
                    Count = succeeded,
                    Rate = Math.Round(succeeded / wall.TotalSeconds, 1),
                    RateUnit = "items/s",
                    LatencyMeaning = "submit → item finished (batch createdAt → item finishedAt)",
                    LatencyMs = Percentiles.Of(finishedMs),
                    Failed = n - succeeded,
                    Reference = reference,
                    Ratio = Math.Round(wall.TotalSeconds / bare.Wall.TotalSeconds, 2),
                    RatioMeaning = "slow-down: batch wall time / bare Task.WhenAll wall time (target ≤ 1.5)",
                    Status = status == "succeeded" && succeeded == n ? "ok" : $"failed: batch {status}, {succeeded} of {n} items succeeded",
                    Notes = $"{llm.TotalRequests} LLM calls, at most {llm.MaxConcurrentRequests} at once",
                },
            ];
        }
        finally
        {
            await run.Stack.StopWorkerAsync(worker);
        }
    }

    /// <summary>Submits a batch, waits for its task to be final; returns the wall time, the task and every item (read as JSON Lines).</summary>
    private static async Task<(TimeSpan Wall, JsonElement Task, List<JsonElement> Items)> RunBatchAsync(BenchRun run, int n, CancellationToken ct)
    {
        var http = run.Platform.Http;
        var body = new { items = Enumerable.Range(0, n).Select(i => new { prompt = $"Prompt {i}: one sentence about photosynthesis." }).ToArray() };
        var started = Stopwatch.GetTimestamp();
        using var response = await http.PostAsJsonAsync("/api/v1/batches", body, ct);
        response.EnsureSuccessStatusCode();
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        var taskId = accepted.GetProperty("taskId").GetGuid();
        var batchId = accepted.GetProperty("batchId").GetGuid();
        var (wall, _, _) = await TaskWaiter.WaitAllFinalAsync(run.Stack.DataSource, [taskId], started, TimeSpan.FromMinutes(5), ct);
        var task = await http.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{taskId}", ct);
        var lines = (await http.GetStringAsync($"/api/v1/batches/{batchId}/results", ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (wall, task, lines.Select(l => JsonSerializer.Deserialize<JsonElement>(l)).ToList());
    }
}
