using Npgsql;

namespace TaskRunner.Bench.Infrastructure;

/// <summary>A fresh database for one benchmark run on the configured Postgres, dropped at the end.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string adminConnectionString;

    private BenchDatabase(string adminConnectionString, string connectionString, string name)
    {
        this.adminConnectionString = adminConnectionString;
        ConnectionString = connectionString;
        Name = name;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>
    /// The connection string with a pool cap: Postgres allows 100 connections by default, shared by the Api, the
    /// Workers, the bench's references and whatever else runs on the machine; callers queue for a connection instead.
    /// </summary>
    public string WithPool(int maxPoolSize) =>
        new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            MaxPoolSize = maxPoolSize,
            // Idle connections go back soon, so one scenario's peak does not starve the next one's processes.
            ConnectionIdleLifetime = 10,
            ConnectionPruningInterval = 5,
        }.ConnectionString;

    public static async Task<BenchDatabase> CreateAsync(string baseConnectionString, CancellationToken ct)
    {
        var name = $"taskrunner_bench_{Guid.NewGuid():N}"[..30];
        var builder = new NpgsqlConnectionStringBuilder(baseConnectionString) { Database = "postgres", Pooling = false };
        var admin = builder.ConnectionString;
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"create database {name}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }

        var target = new NpgsqlConnectionStringBuilder(baseConnectionString) { Database = name };
        return new BenchDatabase(admin, target.ConnectionString, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var drop = new NpgsqlCommand($"drop database if exists {Name} with (force)", connection);
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                // A session of another role (a superuser's psql, a monitoring query) is connected and cannot be ended by
                // this role. The measurements are done: wait for it a little, then leave the database behind and say so.
                if (attempt == 5)
                {
                    await Console.Error.WriteLineAsync($"Could not drop the benchmark database {Name} ({ex.MessageText}); drop it by hand.");
                    return;
                }

                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
        }
    }
}
