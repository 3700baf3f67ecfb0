namespace TaskRunner.Bench.Measurement;

/// <summary>What a closed-loop load run measured: successful operations, failures, wall time and per-operation latency.</summary>
public sealed record LoadResult(int Succeeded, int Failed, TimeSpan Wall, Percentiles? Latency, string? FirstError)
{
    public double PerSecond => Wall.TotalSeconds > 0 ? Succeeded / Wall.TotalSeconds : 0;
}
