namespace TaskRunner.Tasks.Usage;

/// <summary>Tokens one task (or one group of tasks) spent on one model.</summary>
public sealed record ModelUsage(string Model, long InputTokens, long OutputTokens, long EmbeddingTokens)
{
    public ModelUsage Plus(ModelUsage other) =>
        this with { InputTokens = InputTokens + other.InputTokens, OutputTokens = OutputTokens + other.OutputTokens, EmbeddingTokens = EmbeddingTokens + other.EmbeddingTokens };
}
