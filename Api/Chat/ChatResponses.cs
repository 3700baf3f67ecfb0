using TaskRunner.Generation.Chat;

namespace TaskRunner.Api.Chat;

/// <summary>A passage as the client sees it: where it comes from, a snippet of its text, its score and each source's rank.</summary>
public sealed record ChatPassageResponse(
    int Number, Guid DocumentId, Guid ChunkId, int? Page, string? Section, string Snippet, double Score,
    int? VectorRank, int? KeywordRank, int? GraphRank, double? RerankScore)
{
    public const int SnippetLength = 300;

    public static ChatPassageResponse From(ChatPassage p) => new(
        p.Number, p.DocumentId, p.ChunkId, p.Page, p.Section, p.Text.Length > SnippetLength ? p.Text[..SnippetLength] + "…" : p.Text,
        Math.Round(p.Score, 4), p.VectorRank, p.KeywordRank, p.GraphRank, p.RerankScore);
}

/// <summary>The <c>retrieval</c> event: the passages the answer works from and how each retrieval source ended.</summary>
public sealed record ChatRetrievalEvent(IReadOnlyList<ChatPassageResponse> Passages, IReadOnlyDictionary<string, string> Sources, bool Reranked)
{
    public static ChatRetrievalEvent From(ChatRetrieval r) => new(r.Passages.Select(ChatPassageResponse.From).ToList(), r.Sources, r.Reranked);
}

/// <summary>A <c>token</c> event: the next piece of the answer's text.</summary>
public sealed record ChatTokenEvent(string Text);

/// <summary>A <c>restart</c> event: the LLM call is retried; discard the text received so far, it streams again.</summary>
public sealed record ChatRestartEvent(int Attempt);

/// <summary>An <c>error</c> event: the answer could not be finished (a code of <c>LlmErrorCodes</c>).</summary>
public sealed record ChatErrorEvent(string Code, string Message);

/// <summary>The finished answer: the <c>done</c> event, and the body of a non-streamed reply.</summary>
public sealed record ChatResponse(
    string Answer,
    string Mode,
    IReadOnlyList<ChatCitation> Citations,
    IReadOnlyList<ChatPassageResponse> Passages,
    IReadOnlyDictionary<string, string> Sources,
    bool Reranked,
    string? Model,
    ChatUsage Usage)
{
    public static ChatResponse From(ChatAnswer a) => new(
        a.Answer, a.Mode, a.Citations, a.Passages.Select(ChatPassageResponse.From).ToList(), a.Sources, a.Reranked, a.Model, a.Usage);
}
