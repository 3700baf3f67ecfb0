namespace TaskRunner.Generation.Batches;

/// <summary>A row of the batches table.</summary>
public sealed class BatchRecord
{
    public Guid Id { get; init; }
    public string TenantId { get; init; } = "";
    public Guid TaskId { get; init; }
    public string? Model { get; init; }
    public int ItemCount { get; init; }
    public DateTime CreatedAt { get; init; }
}
