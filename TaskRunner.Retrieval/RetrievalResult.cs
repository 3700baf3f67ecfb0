namespace TaskRunner.Retrieval;

/// <summary>What retrieval found, and whether each side answered (if one failed, the other still did).</summary>
public sealed record RetrievalResult(IReadOnlyList<RetrievedChunk> Chunks, bool VectorSearchOk, bool KeywordSearchOk, string EmbeddingKind, IReadOnlyList<string> Warnings);
