namespace TaskRunner.Generation.Prompts;

/// <summary>
/// Completes a prompt, streaming its text. Chosen at registration: the LLM when one is configured, otherwise an
/// implementation that fails every prompt with <c>llm_not_configured</c>.
/// </summary>
public interface IPromptCompleter
{
    /// <summary>
    /// <paramref name="onText"/> receives the text as it arrives; when an attempt is retried the reply streams again
    /// from the start, after <paramref name="onRestart"/>.
    /// </summary>
    Task<PromptCompletion> CompleteAsync(
        PromptInput prompt, Func<string, CancellationToken, ValueTask> onText, Func<int, CancellationToken, ValueTask> onRestart, CancellationToken ct);
}
