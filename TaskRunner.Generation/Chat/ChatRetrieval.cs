namespace TaskRunner.Generation.Chat;

/// <summary>What retrieval gave the answer to work from: numbered passages, how each source ended, and whether a reranker ordered them.</summary>
public sealed record ChatRetrieval(IReadOnlyList<ChatPassage> Passages, IReadOnlyDictionary<string, string> Sources, bool Reranked);
