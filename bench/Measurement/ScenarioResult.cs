namespace TaskRunner.Bench.Measurement;

/// <summary>
/// One row of the results: what ran (workload, concurrency), how long, the rate and latency percentiles, and the
/// reference measured in the same run with the ratio between the two (<see cref="RatioMeaning"/> says which way).
/// </summary>
public sealed record ScenarioResult
{
    public required string Scenario { get; init; }
    public required string Workload { get; init; }
    public int Concurrency { get; init; }
    public double DurationSeconds { get; init; }
    public int Count { get; init; }
    public double Rate { get; init; }
    public string RateUnit { get; init; } = "req/s";
    public string LatencyMeaning { get; init; } = "request";
    public Percentiles? LatencyMs { get; init; }
    public int Failed { get; init; }
    public ReferenceResult? Reference { get; init; }
    public double? Ratio { get; init; }
    public string? RatioMeaning { get; init; }
    public string Status { get; init; } = "ok";
    public string? Notes { get; init; }

    public bool IsFailure => Status.StartsWith("failed", StringComparison.Ordinal);

    public static ScenarioResult FailedRun(string scenario, string workload, Exception ex) =>
        new() { Scenario = scenario, Workload = workload, Status = $"failed: {ex.GetType().Name}: {ex.Message}" };
}
