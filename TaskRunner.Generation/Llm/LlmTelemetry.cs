using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TaskRunner.Generation.Llm;

/// <summary>Traces and metrics of LLM calls; add "TaskRunner.Llm" to OpenTelemetry's sources and meters.</summary>
public static class LlmTelemetry
{
    public const string Name = "TaskRunner.Llm";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Calls (with their retries) by model and outcome: "ok" or the error code they ended with.</summary>
    internal static readonly Counter<long> Calls = Meter.CreateCounter<long>("taskrunner.llm.calls");

    internal static readonly Histogram<double> CallSeconds = Meter.CreateHistogram<double>("taskrunner.llm.call.duration", "s");

    /// <summary>Attempts after a call's first, by model.</summary>
    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>("taskrunner.llm.retries");

    /// <summary>How long an attempt waited for a slot of the shared concurrency limiter, by model.</summary>
    internal static readonly Histogram<double> LimiterWaitSeconds = Meter.CreateHistogram<double>("taskrunner.llm.limiter.wait", "s");

    /// <summary>Attempts by model and outcome: "ok", "cancelled" or an error code.</summary>
    internal static readonly Counter<long> Attempts = Meter.CreateCounter<long>("taskrunner.llm.attempts");

    internal static readonly Histogram<double> AttemptSeconds = Meter.CreateHistogram<double>("taskrunner.llm.attempt.duration", "s");

    /// <summary>Tokens by model and kind (input or output).</summary>
    internal static readonly Counter<long> Tokens = Meter.CreateCounter<long>("taskrunner.llm.tokens");

    internal static void RecordCall(string model, string outcome, double seconds, int retries)
    {
        var modelTag = new KeyValuePair<string, object?>("model", model);
        Calls.Add(1, modelTag, new KeyValuePair<string, object?>("outcome", outcome));
        CallSeconds.Record(seconds, modelTag, new KeyValuePair<string, object?>("outcome", outcome));
        if (retries > 0)
        {
            Retries.Add(retries, modelTag);
        }
    }
}
