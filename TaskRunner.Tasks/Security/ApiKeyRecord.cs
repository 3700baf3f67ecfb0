namespace TaskRunner.Tasks.Security;

/// <summary>A row of api_keys (never the key itself, only its hash).</summary>
public sealed class ApiKeyRecord
{
    public Guid Id { get; init; }
    public string TenantId { get; init; } = "";
    public string Name { get; init; } = "";
    public string Prefix { get; init; } = "";
    public bool IsAdmin { get; init; }

    /// <summary>A platform operator key: opens the Hangfire dashboard and the diagnostics endpoints, across tenants.</summary>
    public bool IsOperator { get; init; }
    public int? RequestsPerMinute { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? RevokedAt { get; init; }
}
