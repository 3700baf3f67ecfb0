namespace TaskRunner.Tasks.Usage;

/// <summary>
/// What a task (or a group of tasks) spent: LLM tokens in and out, embedding tokens, and their price from the
/// configured table. <see cref="UnpricedModels"/> names models that had tokens but no price (counted as free).
/// </summary>
public sealed record TaskCost(long InputTokens, long OutputTokens, long EmbeddingTokens, decimal Amount, string Currency, IReadOnlyList<string>? UnpricedModels = null)
{
    public static TaskCost Zero(string currency) => new(0, 0, 0, 0, currency);
}
