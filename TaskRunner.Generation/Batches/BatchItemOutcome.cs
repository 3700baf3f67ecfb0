namespace TaskRunner.Generation.Batches;

/// <summary>How one item of a batch ended in a run: succeeded with its completion, or failed with a code.</summary>
public sealed record BatchItemOutcome(
    int Ordinal, string Status, string? Completion, string? Model, int? InputTokens, int? OutputTokens, string? ErrorCode, string? ErrorMessage);
