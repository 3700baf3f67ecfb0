namespace TaskRunner.Ingestion.Storage;

/// <summary>A file written under the storage root: its relative path, size and SHA-256 (lowercase hex).</summary>
public sealed record StoredFile(string RelativePath, long Size, string Sha256);
