namespace TaskRunner.Ingestion.Documents;

/// <summary>A chunk without its text, and whether its document is ready (fully ingested): what reconciliation compares.</summary>
public sealed record ChunkKey(Guid Id, Guid DocumentId, int Ordinal, string ContentHash, bool DocumentReady);
