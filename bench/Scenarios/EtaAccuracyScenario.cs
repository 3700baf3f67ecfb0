using System.Diagnostics;
using System.Text;
using TaskRunner.Bench.Infrastructure;
using TaskRunner.Bench.Measurement;
using TaskRunner.Client;
using TaskRunner.Testing.Corpus;

namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// Scenario 12 (issue 16): how far off a task's ETA is when it reaches 25 % progress. Each task runs alone (one at a
/// time, so its duration is its own); the bench reads its events, takes the first progress event at or past 25 %, and
/// compares the ETA it carried with the time the task then really needed until its final event. Warm-up tasks of the
/// same type give the estimator its history first. The reference, measured on the same events, is the naive estimate
/// from the task's own pace alone (elapsed × (1 − p) / p); the ratio is our error over the naive one.
/// </summary>
public static class EtaAccuracyScenario
{
    public const string Name = "12. ETA accuracy";

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchRun run, CancellationToken ct)
    {
        var quick = run.Options.Quick;
        var worker = await run.Stack.StartWorkerAsync("default,embed,ingest", 2, ct);
        try
        {
            var random = new Random(16);
            var noop = await MeasureAsync(run, "diagnostics.noop of 0.5-3 s in 20 steps", quick ? 4 : 8, quick ? 8 : 16,
                token => run.Platform.SubmitNoopAsync(random.Next(500, 3000), 20, token), ct);
            var ingest = await MeasureAsync(run, "document.ingest of 50-800 KB text", quick ? 4 : 8, quick ? 8 : 16,
                token => run.Platform.UploadAsync(Document(random.Next(50, 800) * 1024, random.Next()), $"eta-{Guid.NewGuid():N}.txt", token), ct);
            return [noop, ingest];
        }
        finally
        {
            await run.Stack.StopWorkerAsync(worker);
        }
    }

    private static async Task<ScenarioResult> MeasureAsync(
        BenchRun run, string workload, int warmUp, int measured, Func<CancellationToken, Task<Guid>> submit, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var errors = new List<double>();
        var naiveErrors = new List<double>();
        var durations = new List<double>();
        var missed = 0;
        for (var i = 0; i < warmUp + measured; i++)
        {
            var id = await submit(ct);
            var sample = await FollowAsync(run.Platform, id, ct);
            if (i < warmUp)
            {
                continue;
            }

            if (sample is null)
            {
                missed++;
                continue;
            }

            var (eta, naive, actual, total) = sample.Value;
            errors.Add(Math.Abs(eta - actual));
            naiveErrors.Add(Math.Abs(naive - actual));
            durations.Add(total);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        if (errors.Count == 0)
        {
            return new ScenarioResult { Scenario = Name, Workload = workload, Status = $"failed: no task reported an ETA at 25 % ({missed} missed)" };
        }

        var mae = Median(errors);
        var naiveMae = Median(naiveErrors);
        return new ScenarioResult
        {
            Scenario = Name,
            Workload = $"{workload}, {warmUp} warm-up then {errors.Count} measured, one at a time",
            Concurrency = 1,
            DurationSeconds = Math.Round(elapsed.TotalSeconds, 1),
            Count = errors.Count,
            Rate = Math.Round(mae, 3),
            RateUnit = "s median |ETA error| at 25 %",
            Reference = new ReferenceResult("own pace only (elapsed × (1 − p) / p), s median |error|", Math.Round(elapsed.TotalSeconds, 1), naiveErrors.Count, Math.Round(naiveMae, 3), null),
            Ratio = naiveMae > 0 ? Math.Round(mae / naiveMae, 2) : null,
            RatioMeaning = "our median error / pace-only median error (lower is better)",
            Status = "ok",
            Notes = $"median task {Median(durations):0.00} s; median error {100 * Median(errors.Zip(durations, (e, d) => e / d).ToList()):0}% of the task's duration"
                + (missed > 0 ? $"; {missed} task(s) finished before an event at 25 % reached the bench" : ""),
        };
    }

    /// <summary>Reads a task's events (the generated client's SSE reader) to the end: the ETA at the first progress ≥ 25 %, the pace-only estimate then, the seconds really left, the total.</summary>
    private static async Task<(double Eta, double Naive, double Actual, double Total)?> FollowAsync(PlatformClient platform, Guid id, CancellationToken ct)
    {
        (double Eta, double Progress, DateTimeOffset At)? quarter = null;
        DateTimeOffset? finished = null;
        await foreach (var taskEvent in platform.Client.ReadTaskEventsAsync(id, ct))
        {
            if (taskEvent is { Kind: "progress", Progress: >= 0.25f and < 1f, EtaSeconds: { } eta, At: { } at } && quarter is null)
            {
                quarter = (eta, taskEvent.Progress.Value, at);
            }
            else if (taskEvent is { Kind: "state", At: { } end } && TaskRunnerClient.IsFinalStatus(taskEvent.Status))
            {
                finished = end;
                break;
            }
        }

        if (quarter is not { } q || finished is not { } last)
        {
            return null;
        }

        var startedAt = (await platform.GetTaskAsync(id, ct)).StartedAt!.Value;
        var elapsed = (q.At - startedAt).TotalSeconds;
        return (q.Eta, elapsed * (1 - q.Progress) / q.Progress, (last - q.At).TotalSeconds, (last - startedAt).TotalSeconds);
    }

    private static byte[] Document(int bytes, int seed)
    {
        var text = new StringBuilder(bytes + 1024);
        for (var p = 0; text.Length < bytes; p++)
        {
            text.Append("Section ").Append(p).Append(". ").Append(CorpusText.EnglishParagraph(seed + p, 8)).Append("\n\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
