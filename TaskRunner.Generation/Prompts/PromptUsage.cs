namespace TaskRunner.Generation.Prompts;

/// <summary>Tokens the provider counted for a completion (null when it did not say).</summary>
public sealed record PromptUsage(int? InputTokens, int? OutputTokens);
