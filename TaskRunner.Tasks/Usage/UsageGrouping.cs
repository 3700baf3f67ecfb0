namespace TaskRunner.Tasks.Usage;

/// <summary>How <c>GET /api/v1/usage</c> groups a tenant's usage: by UTC day of the task's first usage, or by task type.</summary>
public enum UsageGrouping
{
    Day,
    Type,
}
