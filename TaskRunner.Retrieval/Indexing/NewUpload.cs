using TaskRunner.Ingestion.Parsing;
using TaskRunner.Ingestion.Storage;

namespace TaskRunner.Retrieval.Indexing;

/// <summary>
/// An upload stored and recognised, ready to become a document. Its content type is the detected
/// <paramref name="Kind"/>'s (<see cref="DocumentMediaTypes"/>): nothing a client declared about the file is stored.
/// </summary>
public sealed record NewUpload(StoredFile File, string FileName, string Title, DocumentKind Kind);
