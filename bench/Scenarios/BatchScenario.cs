using System.Text.Json;
using TaskRunner.Bench.Infrastructure;
using TaskRunner.Bench.Measurement;
using TaskRunner.Bench.References;
using TaskRunner.Client;
using JsonElement = System.Text.Json.JsonElement;

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

        await using (var session = await WorkerSession.StartAsync(run.Stack, run.Platform, "llm", 4, ct))
        {
            // Warm-up batch, not measured: the Worker's first LLM calls open connections and JIT the path.
            await RunBatchAsync(run, session, Math.Min(50, n), ct);
            llm.ResetCounters();
            var (wall, task, items) = await RunBatchAsync(run, session, n, ct);
            var created = task.CreatedAt;
            var finishedMs = items.Where(i => i.TryGetProperty("finishedAt", out var f) && f.ValueKind == JsonValueKind.String)
                .Select(i => (i.GetProperty("finishedAt").GetDateTimeOffset() - created).TotalMilliseconds).ToList();
            var succeeded = items.Count(i => i.GetProperty("status").GetString() == "succeeded");
            var status = task.Status;
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
    }

    /// <summary>Submits a batch, waits for its task to be final; returns the wall time, the task and every item (read as JSON Lines).</summary>
    private static async Task<(TimeSpan Wall, TaskResponse Task, List<JsonElement> Items)> RunBatchAsync(BenchRun run, WorkerSession session, int n, CancellationToken ct)
    {
        var request = new BatchRequest { Items = Enumerable.Range(0, n).Select(i => new BatchItemRequest { Prompt = $"Prompt {i}: one sentence about photosynthesis." }).ToList() };
        var batchId = Guid.Empty;
        var round = await session.RunAsync(async token =>
        {
            var accepted = await run.Platform.CountAsync(() => run.Platform.Client.SubmitBatchAsync(request, token));
            batchId = accepted.BatchId!.Value;
            return [accepted.TaskId!.Value];
        }, TimeSpan.FromMinutes(5), ct);

        // The results are JSON Lines, one item per line; the contract can describe only one item, so they are read raw.
        var lines = (await run.Platform.Http.GetStringAsync($"/api/v1/batches/{batchId}/results", ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (round.Wall, round.Tasks[0], lines.Select(l => JsonSerializer.Deserialize<JsonElement>(l)).ToList());
    }
}
