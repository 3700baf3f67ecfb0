namespace TaskRunner.Generation.Chat;

/// <summary>
/// Writes the answer from numbered passages, streaming its text. Chosen at registration: the LLM when one is
/// configured (<see cref="LlmChatAnswerWriter"/>), otherwise the offline <see cref="ExtractiveChatAnswerWriter"/>.
/// </summary>
public interface IChatAnswerWriter
{
    /// <summary>When an LLM attempt is retried the text streams again from the start, after <paramref name="onRestart"/>.</summary>
    Task<ChatDraft> WriteAsync(
        ChatQuery query, IReadOnlyList<ChatPassage> passages,
        Func<string, CancellationToken, ValueTask> onToken, Func<int, CancellationToken, ValueTask> onRestart, CancellationToken ct);
}
