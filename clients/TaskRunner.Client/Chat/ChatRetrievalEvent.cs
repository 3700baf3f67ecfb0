namespace TaskRunner.Client;

/// <summary>The passages the answer works from and how each retrieval source ended (<c>ok</c>, <c>failed</c>, <c>timeout</c>).</summary>
public sealed record ChatRetrievalEvent(IReadOnlyList<ChatPassage> Passages, IReadOnlyDictionary<string, string> Sources, bool Reranked) : ChatStreamEvent;
