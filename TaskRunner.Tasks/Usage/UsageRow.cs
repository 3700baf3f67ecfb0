namespace TaskRunner.Tasks.Usage;

/// <summary>One group's tokens on one model, as summed by <see cref="UsageStore.SummarizeAsync"/>.</summary>
public sealed record UsageRow(string GroupKey, string Model, long InputTokens, long OutputTokens, long EmbeddingTokens);
