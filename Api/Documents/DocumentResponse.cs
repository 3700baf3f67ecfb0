using TaskRunner.Ingestion.Documents;

namespace TaskRunner.Api.Documents;

public sealed record DocumentResponse(
    Guid Id, string Title, string FileName, string Kind, long SizeBytes, string Sha256, string Status,
    int ChunkCount, int? PageCount, Guid? LastTaskId, DateTime CreatedAt, DateTime UpdatedAt, string? ErrorCode, string? ErrorMessage)
{
    public static DocumentResponse From(DocumentRecord d) => new(
        d.Id, d.Title, d.FileName, d.Kind, d.SizeBytes, d.Sha256, d.Status, d.ChunkCount, d.PageCount, d.LastTaskId,
        DateTime.SpecifyKind(d.CreatedAt, DateTimeKind.Utc), DateTime.SpecifyKind(d.UpdatedAt, DateTimeKind.Utc), d.ErrorCode, d.ErrorMessage);
}
