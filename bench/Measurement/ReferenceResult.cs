namespace TaskRunner.Bench.Measurement;

/// <summary>The reference a scenario is compared with, measured in the same run on the same machine.</summary>
public sealed record ReferenceResult(string Name, double DurationSeconds, int Count, double Rate, Percentiles? LatencyMs);
