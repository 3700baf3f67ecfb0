namespace TaskRunner.Retrieval.Indexing;

/// <param name="Deleted">False when a re-run found the document already gone (nothing left to do).</param>
public sealed record DocumentDeletionResult(Guid DocumentId, bool Deleted, int ChunksDeleted, bool FileDeleted, string Collection);
