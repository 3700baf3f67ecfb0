namespace TaskRunner.Client;

/// <summary>
/// The finished answer of POST /api/v1/chat: the <c>done</c> event of a stream, or the body of a JSON reply. <see cref="Mode"/>
/// is <c>generative</c> (written by the LLM) or <c>extractive</c> (sentences of the passages, without an LLM).
/// </summary>
public sealed record ChatAnswer(
    string Answer,
    string Mode,
    IReadOnlyList<ChatCitation> Citations,
    IReadOnlyList<ChatPassage> Passages,
    IReadOnlyDictionary<string, string> Sources,
    bool Reranked,
    string? Model,
    ChatUsage Usage)
{
    /// <summary>The passage a citation points to (<c>[n]</c> is <c>Passages[n-1]</c>), when it was listed.</summary>
    public ChatPassage? PassageOf(ChatCitation citation) =>
        citation.Number >= 1 && citation.Number <= Passages.Count ? Passages[citation.Number - 1] : null;
}
