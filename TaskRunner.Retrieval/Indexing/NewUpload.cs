using TaskRunner.Ingestion.Parsing;
using TaskRunner.Ingestion.Storage;

namespace TaskRunner.Retrieval.Indexing;

/// <summary>An upload stored and recognised, ready to become a document.</summary>
public sealed record NewUpload(StoredFile File, string FileName, string Title, string? ContentType, DocumentKind Kind);
