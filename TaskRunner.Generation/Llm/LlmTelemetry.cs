using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TaskRunner.Generation.Llm;

/// <summary>Traces and metrics of LLM calls; add "TaskRunner.Llm" to OpenTelemetry's sources and meters.</summary>
public static class LlmTelemetry
{
    public const string Name = "TaskRunner.Llm";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Attempts by outcome: "ok", "cancelled" or an error code.</summary>
    internal static readonly Counter<long> Attempts = Meter.CreateCounter<long>("taskrunner.llm.attempts");

    internal static readonly Histogram<double> AttemptSeconds = Meter.CreateHistogram<double>("taskrunner.llm.attempt.duration", "s");

    internal static readonly Counter<long> Tokens = Meter.CreateCounter<long>("taskrunner.llm.tokens");
}
