using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace TaskRunner.Tasks.Persistence;

/// <summary>
/// Applies the versioned SQL scripts embedded under Persistence/Migrations, in name order, each once,
/// each in its own transaction. An advisory lock lets several Api replicas start at the same time.
/// </summary>
public sealed partial class DatabaseMigrator(NpgsqlDataSource dataSource, ILogger<DatabaseMigrator> logger)
{
    private const long AdvisoryLockKey = 0x7461736b72756e; // "taskrun"

    /// <summary>How often a first connection that fails transiently (Postgres starting, a loaded host) is tried.</summary>
    private const int ConnectAttempts = 6;

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct)
    {
        await using var connection = await OpenWithRetriesAsync(ct);
        await ExecuteAsync(connection, null, "select pg_advisory_lock(@key)", ct, new NpgsqlParameter("key", AdvisoryLockKey));
        try
        {
            await ExecuteAsync(connection, null, """
                create table if not exists schema_migrations (
                    name text primary key,
                    applied_at timestamptz not null default now())
                """, ct);

            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using (var command = new NpgsqlCommand("select name from schema_migrations", connection))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    applied.Add(reader.GetString(0));
                }
            }

            var newlyApplied = new List<string>();
            foreach (var (name, sql) in await LoadScriptsAsync(ct))
            {
                if (applied.Contains(name))
                {
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(ct);
                await ExecuteAsync(connection, transaction, sql, ct);
                await ExecuteAsync(connection, transaction, "insert into schema_migrations (name) values (@name)", ct, new NpgsqlParameter("name", name));
                await transaction.CommitAsync(ct);
                LogApplied(name);
                newlyApplied.Add(name);
            }

            return newlyApplied;
        }
        finally
        {
            await ExecuteAsync(connection, null, "select pg_advisory_unlock(@key)", CancellationToken.None, new NpgsqlParameter("key", AdvisoryLockKey));
        }
    }

    /// <summary>
    /// The process's first connection: a process started with Postgres, or on a host busy enough that a short connect
    /// timeout passes, waits and tries again (1, 2, 4, 8, 16 s apart) instead of failing its start at once.
    /// </summary>
    private async Task<NpgsqlConnection> OpenWithRetriesAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await dataSource.OpenConnectionAsync(ct);
            }
            catch (NpgsqlException ex) when (attempt < ConnectAttempts && ex.IsTransient && !ct.IsCancellationRequested)
            {
                var delay = TimeSpan.FromSeconds(1 << (attempt - 1));
                LogConnectRetry(ex.Message, attempt, delay.TotalSeconds);
                await Task.Delay(delay, ct);
            }
        }
    }

    private static async Task<IReadOnlyList<(string Name, string Sql)>> LoadScriptsAsync(CancellationToken ct)
    {
        var assembly = typeof(DatabaseMigrator).Assembly;
        const string marker = ".Persistence.Migrations.";
        var scripts = new List<(string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.Contains(marker, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            await using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var name = resource[(resource.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
            scripts.Add((name, await reader.ReadToEndAsync(ct)));
        }

        return scripts;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Name}")]
    private partial void LogApplied(string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Postgres could not be reached to apply migrations ({Error}); attempt {Attempt}, trying again in {DelaySeconds} s")]
    private partial void LogConnectRetry(string error, int attempt, double delaySeconds);
}
