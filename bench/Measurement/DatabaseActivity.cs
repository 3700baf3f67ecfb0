using Npgsql;

namespace TaskRunner.Bench.Measurement;

/// <summary>
/// What the run's database is doing, from Postgres's own statistics: transactions ended (<c>pg_stat_database</c>; every
/// statement outside an explicit transaction is one) and connections per process (<c>pg_stat_activity</c>, by the
/// <c>Application Name</c> each bench process connects with).
/// </summary>
public static class DatabaseActivity
{
    /// <summary>Commits and rollbacks so far. Backends report at most once a second, so measure over many seconds.</summary>
    public static async Task<long> TransactionsAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var command = db.CreateCommand(
            "select xact_commit + xact_rollback from pg_stat_database where datname = current_database()");
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Samples connections per process every 100 ms until <paramref name="ct"/> ends; returns each process's peak.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> PeakConnectionsAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        var peaks = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await using (var command = db.CreateCommand(
                    "select coalesce(nullif(application_name, ''), '(unnamed)'), count(*)::int from pg_stat_activity where datname = current_database() group by 1"))
                await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
                {
                    while (await reader.ReadAsync(CancellationToken.None))
                    {
                        var name = reader.GetString(0);
                        peaks[name] = Math.Max(peaks.GetValueOrDefault(name), reader.GetInt32(1));
                    }
                }

                await Task.Delay(100, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }

        return peaks;
    }

    public static string Describe(IReadOnlyDictionary<string, int> peaks) =>
        string.Join(", ", peaks.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"));
}
