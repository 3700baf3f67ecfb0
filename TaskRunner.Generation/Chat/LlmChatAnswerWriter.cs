using TaskRunner.Generation.Llm;

namespace TaskRunner.Generation.Chat;

/// <summary>Writes the answer with the configured LLM, through the shared limiter and retry pipeline of <see cref="ILlmClient"/>.</summary>
public sealed class LlmChatAnswerWriter(ILlmClient llm) : IChatAnswerWriter
{
    public async Task<ChatDraft> WriteAsync(
        ChatQuery query, IReadOnlyList<ChatPassage> passages,
        Func<string, CancellationToken, ValueTask> onToken, Func<int, CancellationToken, ValueTask> onRestart, CancellationToken ct)
    {
        var completion = await llm.StreamChatAsync(new LlmChatRequest(ChatPromptBuilder.Build(query, passages), Temperature: 0.2f), onToken, onRestart, ct);
        return new ChatDraft(completion.Text, ChatModes.Generative, completion.Model,
            new ChatUsage(completion.PromptTokens, completion.CompletionTokens, completion.Attempts));
    }
}
