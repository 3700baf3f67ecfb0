namespace TaskRunner.Retrieval;

/// <summary>A chunk found by retrieval, with its fused score and the rank each side gave it (null: not found by that side).</summary>
public sealed record RetrievedChunk(Guid DocumentId, int Ordinal, string Text, int? Page, string? Section, double Score, int? VectorRank, int? KeywordRank);
