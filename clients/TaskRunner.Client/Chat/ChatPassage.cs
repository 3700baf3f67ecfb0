namespace TaskRunner.Client;

/// <summary>A passage the answer may cite as <c>[Number]</c>: where it comes from, a snippet of its text, its score and each source's rank.</summary>
public sealed record ChatPassage(
    int Number, Guid DocumentId, Guid ChunkId, int? Page, string? Section, string Snippet, double Score,
    int? VectorRank, int? KeywordRank, int? GraphRank, double? RerankScore);
