namespace TaskRunner.Api.Usage;

/// <summary>One group's usage: its key (a UTC day <c>yyyy-MM-dd</c> or a task type), tokens and cost.</summary>
public sealed record UsageGroupResponse(
    string Key, long InputTokens, long OutputTokens, long EmbeddingTokens, decimal Cost, IReadOnlyList<string>? UnpricedModels);
