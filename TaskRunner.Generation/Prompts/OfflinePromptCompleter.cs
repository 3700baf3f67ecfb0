using TaskRunner.Generation.Llm;
using TaskRunner.Tasks;

namespace TaskRunner.Generation.Prompts;

/// <summary>Registered when no LLM is configured: a free-form prompt has no offline answer, so it fails, permanently and explicitly.</summary>
public sealed class OfflinePromptCompleter : IPromptCompleter
{
    public Task<PromptCompletion> CompleteAsync(
        PromptInput prompt, Func<string, CancellationToken, ValueTask> onText, Func<int, CancellationToken, ValueTask> onRestart, CancellationToken ct) =>
        throw new PermanentTaskException(LlmErrorCodes.NotConfigured, "No LLM is configured on this Worker (Llm__BaseUrl is empty); prompt tasks need one.");
}
