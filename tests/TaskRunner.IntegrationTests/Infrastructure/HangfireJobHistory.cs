using Dapper;
using Npgsql;

namespace TaskRunner.IntegrationTests.Infrastructure;

/// <summary>A Hangfire job's state history as the dashboard shows it (Hangfire.PostgreSql's <c>state</c> rows), oldest first.</summary>
public static class HangfireJobHistory
{
    public static async Task<IReadOnlyList<string>> StateNamesAsync(string connectionString, string jobId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var names = await connection.QueryAsync<string>(
            "select name from hangfire.state where jobid = @id order by id",
            new { id = long.Parse(jobId, System.Globalization.CultureInfo.InvariantCulture) });
        return names.ToList();
    }
}
