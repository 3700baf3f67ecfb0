namespace TaskRunner.Tasks;

/// <summary>A page of the task list, filtered.</summary>
public sealed record TaskQuery(string TenantId, TaskRunStatus? Status, string? Type, int Page, int PageSize);
