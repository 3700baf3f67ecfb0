using TaskRunner.Bench.Measurement;

namespace TaskRunner.Bench.Scenarios;

/// <summary>Builds result rows from load runs; a run with failures is reported as failed, with the first error.</summary>
public static class Row
{
    public static ScenarioResult Of(string scenario, string workload, int concurrency, LoadResult platform, ReferenceResult reference) => new()
    {
        Scenario = scenario,
        Workload = workload,
        Concurrency = concurrency,
        DurationSeconds = Math.Round(platform.Wall.TotalSeconds, 3),
        Count = platform.Succeeded,
        Rate = Math.Round(platform.PerSecond, 1),
        LatencyMs = platform.Latency,
        Failed = platform.Failed,
        Reference = reference with { DurationSeconds = Math.Round(reference.DurationSeconds, 3), Rate = Math.Round(reference.Rate, 1) },
        Ratio = reference.Rate > 0 ? Math.Round(platform.PerSecond / reference.Rate, 3) : null,
        RatioMeaning = "platform rate / reference rate",
        Status = platform.Failed == 0 ? "ok" : $"failed: {platform.Failed} of {platform.Failed + platform.Succeeded} requests failed, first: {platform.FirstError}",
    };
}
