namespace TaskRunner.Generation.Chat;

/// <summary>
/// The finished answer: its text (citations to passages that were not listed removed), <see cref="ChatModes"/>, the
/// citations kept, the passages and sources of retrieval, the model and its usage.
/// </summary>
public sealed record ChatAnswer(
    string Answer,
    string Mode,
    IReadOnlyList<ChatCitation> Citations,
    IReadOnlyList<ChatPassage> Passages,
    IReadOnlyDictionary<string, string> Sources,
    bool Reranked,
    string? Model,
    ChatUsage Usage);
