using TaskRunner.Generation.Llm;

namespace TaskRunner.Generation.Prompts;

/// <summary>Completes prompts with the configured OpenAI-compatible LLM.</summary>
public sealed class LlmPromptCompleter(ILlmClient llm) : IPromptCompleter
{
    public async Task<PromptCompletion> CompleteAsync(
        PromptInput prompt, Func<string, CancellationToken, ValueTask> onText, Func<int, CancellationToken, ValueTask> onRestart, CancellationToken ct)
    {
        List<LlmMessage> messages = string.IsNullOrWhiteSpace(prompt.System)
            ? [LlmMessage.User(prompt.Prompt)]
            : [LlmMessage.System(prompt.System), LlmMessage.User(prompt.Prompt)];
        var request = new LlmChatRequest(messages, Temperature: prompt.Temperature, Model: prompt.Model, MaxTokens: prompt.MaxTokens);
        var completion = await llm.StreamChatAsync(request, onText, onRestart, ct);
        return new PromptCompletion(completion.Text, completion.Model, new PromptUsage(completion.PromptTokens, completion.CompletionTokens), completion.Attempts);
    }
}
