namespace TaskRunner.Retrieval.Passages;

/// <summary>A chunk found for a question, with its fused score and the rank each source gave it (null: not found by that source).</summary>
public sealed record RetrievedPassage(
    Guid DocumentId, Guid ChunkId, int Ordinal, int? Page, string? Section, string Text, double Score,
    int? VectorRank, int? KeywordRank, int? GraphRank);
