using Dapper;
using Npgsql;
using TaskRunner.Tasks.Options;

namespace TaskRunner.Worker.Leadership;

/// <summary>
/// Runs a role in one Worker of the fleet at a time. The leader holds a session-level advisory lock on a dedicated,
/// unpooled connection for as long as it leads, and does its work on that connection, so a broken connection ends its
/// leadership at once. When the leader dies its connection closes and Postgres releases the lock; the other Workers try
/// to take it every <see cref="LeadershipOptions.RetrySeconds"/>.
/// </summary>
public sealed partial class LeaderElection(IConfiguration configuration, ILogger<LeaderElection> logger)
{
    private readonly string connectionString = new NpgsqlConnectionStringBuilder(RequiredSetting.ConnectionString(configuration, "Postgres"))
    {
        // The lock must go with this connection, never stay behind in a pool; keepalives notice a dead link while idle.
        Pooling = false,
        KeepAlive = 5,
        ApplicationName = "taskrunner-leader",
    }.ConnectionString;

    /// <summary>
    /// Until <paramref name="ct"/> fires: waits to be elected for <paramref name="lockKey"/>, then runs
    /// <paramref name="lead"/> with the lock's connection. Leadership ends when <paramref name="lead"/> returns or throws.
    /// </summary>
    public async Task RunAsync(long lockKey, string role, TimeSpan retryEvery, Func<NpgsqlConnection, CancellationToken, Task> lead, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(ct);
                if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition("select pg_try_advisory_lock(@lockKey)", new { lockKey }, cancellationToken: ct)))
                {
                    LogElected(role);
                    try
                    {
                        await lead(connection, ct);
                    }
                    finally
                    {
                        LogSteppedDown(role);
                    }
                }
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                LogLeadershipLost(ex, role);
            }

            try
            {
                await Task.Delay(retryEvery, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This Worker leads {Role}")]
    private partial void LogElected(string role);

    [LoggerMessage(Level = LogLevel.Information, Message = "This Worker no longer leads {Role}")]
    private partial void LogSteppedDown(string role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leadership of {Role} ended by an error; standing for election again")]
    private partial void LogLeadershipLost(Exception ex, string role);
}
