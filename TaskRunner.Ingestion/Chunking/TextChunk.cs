namespace TaskRunner.Ingestion.Chunking;

/// <summary>
/// A piece of a document sized for embedding. <see cref="Ordinal"/> is 0-based in document order;
/// <see cref="ContentHash"/> is the lowercase hex SHA-256 of the UTF-8 text.
/// </summary>
public sealed record TextChunk(int Ordinal, string Text, int TokenCount, int? Page, string? Section, string ContentHash);
