namespace TaskRunner.Generation.Chat;

/// <summary>A passage the answer may cite as <c>[Number]</c>: where it comes from, a snippet of its text and its score.</summary>
public sealed record ChatPassage(
    int Number, Guid DocumentId, Guid ChunkId, int Ordinal, int? Page, string? Section, string Text, double Score,
    int? VectorRank, int? KeywordRank, int? GraphRank, double? RerankScore);
