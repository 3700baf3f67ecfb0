namespace TaskRunner.Client;

/// <summary>A <c>[Number]</c> marker kept in the answer, and the passage it points to.</summary>
public sealed record ChatCitation(int Number, Guid DocumentId, Guid ChunkId, int? Page, string? Section);
