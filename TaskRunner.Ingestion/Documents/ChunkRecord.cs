namespace TaskRunner.Ingestion.Documents;

/// <summary>A stored chunk of a document, with where it came from.</summary>
public sealed class ChunkRecord
{
    public Guid Id { get; init; }
    public Guid DocumentId { get; init; }
    public string TenantId { get; init; } = "default";
    public int Ordinal { get; init; }
    public string Text { get; init; } = "";
    public int TokenCount { get; init; }
    public int? Page { get; init; }
    public string? Section { get; init; }
    public string ContentHash { get; init; } = "";
}
