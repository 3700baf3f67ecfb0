using Dapper;
using Npgsql;

namespace TaskRunner.Tasks.Jobs;

/// <summary>
/// Hangfire.PostgreSql's schema as this platform knows it: its name, and the version whose tables the platform's own
/// statements over Hangfire's rows are written for (<see cref="HangfireBatchEnqueue"/>, <see cref="HangfireBatchFetch"/>,
/// <see cref="HangfireBatchSucceed"/>). On any other version their callers fall back to Hangfire's client.
/// </summary>
public sealed class HangfireSchema
{
    /// <summary>The schema Hangfire.PostgreSql's storage is configured with.</summary>
    public const string Name = "hangfire";

    /// <summary>The version those statements are written for (<c>hangfire.schema.version</c>).</summary>
    public const int SupportedVersion = 23;

    private volatile int knownVersion = -1;

    /// <summary>True when the storage's schema is <see cref="SupportedVersion"/>; read once per process, then remembered.</summary>
    public async Task<bool> IsSupportedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        if (knownVersion < 0)
        {
            knownVersion = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
                $"select max(version) from {Name}.schema", cancellationToken: ct)) ?? 0;
        }

        return knownVersion == SupportedVersion;
    }
}
