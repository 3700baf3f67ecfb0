using Dapper;
using Npgsql;

namespace TaskRunner.IntegrationTests.Infrastructure;

/// <summary>
/// A Hangfire job as the dashboard shows it, read from Hangfire.PostgreSql's tables: its current state (<c>job</c>) and
/// its state history (<c>state</c> rows, oldest first).
/// </summary>
public static class HangfireJobHistory
{
    public static async Task<string?> StateAsync(string connectionString, string jobId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<string?>("select statename from hangfire.job where id = @id", new { id = Id(jobId) });
    }

    /// <summary>The job's state once it is <paramref name="expected"/>, or the last one seen when <paramref name="within"/> ran out.</summary>
    public static async Task<string?> StateEventuallyAsync(string connectionString, string jobId, string expected, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var state = await StateAsync(connectionString, jobId);
        while (state != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            state = await StateAsync(connectionString, jobId);
        }

        return state;
    }

    public static async Task<IReadOnlyList<string>> StateNamesAsync(string connectionString, string jobId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var names = await connection.QueryAsync<string>("select name from hangfire.state where jobid = @id order by id", new { id = Id(jobId) });
        return names.ToList();
    }

    /// <summary>The data of every <paramref name="state"/> entry in the job's history, one per line.</summary>
    public static async Task<string> StatesDataAsync(string connectionString, string jobId, string state)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var rows = await connection.QueryAsync<string>(
            "select data::text from hangfire.state where jobid = @id and name = @state order by id", new { id = Id(jobId), state });
        return string.Join('\n', rows);
    }

    /// <summary>The reason and data of the job's latest state.</summary>
    public static async Task<string> LatestStateDataAsync(string connectionString, string jobId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<string>(
            "select coalesce(reason, '') || ' ' || data::text from hangfire.state where jobid = @id order by id desc limit 1", new { id = Id(jobId) }) ?? "";
    }

    private static long Id(string jobId) => long.Parse(jobId, System.Globalization.CultureInfo.InvariantCulture);
}
