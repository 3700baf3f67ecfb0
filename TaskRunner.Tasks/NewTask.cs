namespace TaskRunner.Tasks;

/// <summary>What is needed to create a task row.</summary>
public sealed record NewTask(Guid Id, string TenantId, string Type, string Queue, string? InputJson, Guid? DocumentId);
