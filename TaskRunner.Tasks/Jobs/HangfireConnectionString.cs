using Npgsql;
using TaskRunner.Tasks.Persistence;

namespace TaskRunner.Tasks.Jobs;

/// <summary>
/// The connection string Hangfire.PostgreSql gets: the platform's, with statement reuse
/// (<see cref="StatementReuse.ForHangfire"/>) and a keepalive that bounds its long-polling LISTEN waits
/// (<see cref="HangfireStorageOptions.ListenKeepAliveSeconds"/>). A KeepAlive given in the connection string wins.
/// </summary>
public static class HangfireConnectionString
{
    public static string For(string connectionString, HangfireStorageOptions storage)
    {
        var builder = new NpgsqlConnectionStringBuilder(StatementReuse.ForHangfire(connectionString));
        if (!StatementReuse.GivenKeys(connectionString).Contains("KEEPALIVE") && storage.ListenKeepAliveSeconds > 0)
        {
            builder.KeepAlive = storage.ListenKeepAliveSeconds;
        }

        return builder.ConnectionString;
    }
}
