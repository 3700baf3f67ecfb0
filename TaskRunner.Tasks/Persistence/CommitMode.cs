using Npgsql;

namespace TaskRunner.Tasks.Persistence;

/// <summary>
/// How a process's transactions commit. The Api commits as Postgres is configured (synchronously by default), so a
/// submit that answered 202 survives a crash of Postgres itself. A Worker's writes (claims, progress, heartbeats,
/// step results, final states and its Hangfire server's state changes) commit without waiting for the WAL flush
/// (<c>synchronous_commit=off</c>): a crash of Postgres, and only that, can roll back the last fraction of a second
/// of them, which leaves those tasks as they were a moment earlier, and the reaper and the dispatch watchdog run them
/// again as after a lost Worker. Each commit then costs no disk flush, which on this machine took 4 to 7 ms per
/// commit and was most of a short task's time on its Hangfire thread.
/// </summary>
public static class CommitMode
{
    private const string Setting = "synchronous_commit";

    /// <summary>
    /// <paramref name="connectionString"/> with <c>synchronous_commit=off</c> for its sessions, unless its
    /// <c>Options</c> already name <c>synchronous_commit</c> (the operator's choice wins).
    /// </summary>
    public static string WithoutFlushWait(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options?.Contains(Setting, StringComparison.OrdinalIgnoreCase) == true)
        {
            return connectionString;
        }

        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? $"-c {Setting}=off" : $"{builder.Options} -c {Setting}=off";
        return builder.ConnectionString;
    }
}
