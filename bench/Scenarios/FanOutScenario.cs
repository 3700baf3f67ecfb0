using TaskRunner.Bench.Measurement;

namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// Scenario 6: many SSE subscribers on one running no-op task with many progress steps: events/s delivered to all
/// of them and publish-to-receive latency (the event's <c>at</c>, stamped by the Worker, against the bench's clock).
/// </summary>
public static class FanOutScenario
{
    public const string Name = "6. Progress fan-out";

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchRun run, CancellationToken ct)
    {
        var options = run.Options;
        // Subscribe while the task is still queued (no Worker yet), so every subscriber sees every progress event.
        var taskId = await run.Platform.SubmitNoopAsync(options.SseDurationMs, options.SseSteps, ct);
        var subscribers = Enumerable.Range(0, options.SseSubscribers).Select(_ => new SseSubscriber()).ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stop.CancelAfter(TimeSpan.FromMinutes(2));
        var reading = subscribers.Select(s => Task.Run(() => s.ReadAsync(run.Platform.Http, taskId, stop.Token), stop.Token)).ToList();
        await Task.WhenAll(subscribers.Select(s => s.Connected));
        var worker = await run.Stack.StartWorkerAsync("default", 4, ct);
        try
        {
            await Task.WhenAll(reading);
        }
        finally
        {
            await run.Stack.StopWorkerAsync(worker);
        }

        var events = subscribers.Sum(s => s.ProgressLatenciesMs.Count);
        var first = subscribers.Where(s => s.FirstProgressAt is not null).Min(s => s.FirstProgressAt!.Value);
        var last = subscribers.Where(s => s.LastProgressAt is not null).Max(s => s.LastProgressAt!.Value);
        var span = (last - first).TotalSeconds;
        var expected = options.SseSubscribers * options.SseSteps;
        var complete = subscribers.All(s => s.SawFinal);
        return
        [
            new ScenarioResult
            {
                Scenario = Name,
                Workload = $"{options.SseSubscribers} SSE subscribers on one no-op task ({options.SseSteps} progress steps over {options.SseDurationMs / 1000.0:0.#} s)",
                Concurrency = options.SseSubscribers,
                DurationSeconds = Math.Round(span, 3),
                Count = events,
                Rate = Math.Round(events / Math.Max(span, 1e-3), 1),
                RateUnit = "events/s delivered",
                LatencyMeaning = "publish → receive (event at → client clock)",
                LatencyMs = Percentiles.Of(subscribers.SelectMany(s => s.ProgressLatenciesMs)),
                Status = complete ? "ok" : "failed: not every subscriber saw the task finish",
                Notes = $"{events} of {expected} progress events received ({100.0 * events / expected:0.#} %); every subscriber saw the final state: {complete}",
            },
        ];
    }
}
