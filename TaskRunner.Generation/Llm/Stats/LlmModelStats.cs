namespace TaskRunner.Generation.Llm.Stats;

/// <summary>Live figures of one model over the window: latency percentiles (ms) of finished calls, and counts.</summary>
public sealed record LlmModelStats(
    string Model,
    long Calls,
    long Errors,
    long Retries,
    long InputTokens,
    long OutputTokens,
    double? P50Ms,
    double? P95Ms,
    double? P99Ms,
    IReadOnlyDictionary<string, long> ErrorsByCode);
