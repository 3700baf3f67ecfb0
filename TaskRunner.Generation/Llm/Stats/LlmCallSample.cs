namespace TaskRunner.Generation.Llm.Stats;

/// <summary>
/// One finished LLM call as the live figures see it: when it ended (Unix ms), how long it took with its retries,
/// its outcome (null when it succeeded, else the error code), the retries it needed and its tokens.
/// </summary>
public sealed record LlmCallSample(string Model, long At, double Ms, string? Error, int Retries, int InputTokens, int OutputTokens);
