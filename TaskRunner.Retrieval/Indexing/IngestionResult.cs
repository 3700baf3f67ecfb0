namespace TaskRunner.Retrieval.Indexing;

/// <summary>What an ingestion task ends with.</summary>
public sealed record IngestionResult(Guid DocumentId, string Kind, int ChunkCount, int? PageCount, int Characters, string TokenUnit);
