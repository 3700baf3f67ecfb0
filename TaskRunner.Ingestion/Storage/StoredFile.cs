namespace TaskRunner.Ingestion.Storage;

/// <summary>
/// A file written under the storage root: its relative path, size and SHA-256 (lowercase hex), and its first bytes
/// (up to <see cref="FileStorage.HeadBytes"/>, the whole file when it is smaller), kept from the write so that type
/// detection need not open the file again.
/// </summary>
public sealed record StoredFile(string RelativePath, long Size, string Sha256)
{
    public ReadOnlyMemory<byte> Head { get; init; }
}
