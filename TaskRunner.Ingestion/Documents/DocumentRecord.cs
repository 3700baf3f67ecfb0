namespace TaskRunner.Ingestion.Documents;

/// <summary>A row of the documents table.</summary>
public sealed class DocumentRecord
{
    public Guid Id { get; init; }
    public string TenantId { get; init; } = "default";
    public string Title { get; init; } = "";
    public string FileName { get; init; } = "";
    public string? ContentType { get; init; }
    public string Kind { get; init; } = "";
    public long SizeBytes { get; init; }
    public string Sha256 { get; init; } = "";
    public string StoragePath { get; init; } = "";
    public string Status { get; init; } = DocumentStatuses.Pending;
    public int ChunkCount { get; init; }
    public int? PageCount { get; init; }
    public Guid? LastTaskId { get; init; }

    /// <summary>Why the document is <c>failed</c> (a task error code); null otherwise.</summary>
    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
}
