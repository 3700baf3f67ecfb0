using Npgsql;
using NpgsqlTypes;

namespace TaskRunner.Tasks.Persistence;

/// <summary>
/// Writes the progress of running tasks together (<see cref="CoalescedWrites{TKey, TItem, TResult}"/>): the reports
/// made while a write is in Postgres go into the next one, with only the latest report of each run. Why: a thousand
/// generations starting together each wrote their "generating" stage alone, and that single-row update was the
/// statement Postgres spent the most time on in the burst (<c>bench/results/engine8/notes.md</c>). The statement sets
/// only the columns of <see cref="Columns"/>, so each row's update stays heap-only, and it matches a row only while
/// that run owns it (<c>status = 'running' and runs = run</c>): a write that lands after the run ended changes nothing.
/// </summary>
internal sealed class ProgressWrites
{
    /// <summary>The most rows one statement writes.</summary>
    internal const int MaxBatch = 1000;

    /// <summary>The progress write; <see cref="Columns"/> are the columns it sets.</summary>
    internal const string Sql = """
        update tasks set stage = u.stage, progress = u.progress, message = u.message, version = version + 1
          from unnest($1::uuid[], $2::int[], $3::text[], $4::real[], $5::text[]) as u(id, run, stage, progress, message)
         where tasks.id = u.id and tasks.status = 'running' and tasks.runs = u.run
        returning tasks.id, tasks.runs
        """;

    internal static readonly string[] Columns = ["stage", "progress", "message", "version"];

    private readonly NpgsqlDataSource dataSource;
    private readonly CoalescedWrites<(Guid, int), Report, bool> writes;

    public ProgressWrites(NpgsqlDataSource dataSource)
    {
        this.dataSource = dataSource;
        writes = new(r => (r.Id, r.Run), WriteAsync, missing: false, MaxBatch);
    }

    /// <summary>Statements written so far.</summary>
    internal long Statements => writes.Statements;

    /// <summary>Records progress of run <paramref name="run"/> of task <paramref name="id"/>; true when the row was that run's and running.</summary>
    public Task<bool> WriteAsync(Guid id, int run, string stage, float progress, string? message, CancellationToken ct) =>
        writes.WriteAsync(new Report(id, run, stage, progress, message), ct);

    private async Task<IReadOnlyDictionary<(Guid, int), bool>> WriteAsync(IReadOnlyList<Report> batch)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. batch.Select(r => r.Id)] });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. batch.Select(r => r.Run)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. batch.Select(r => r.Stage)] });
        command.Parameters.Add(new NpgsqlParameter<float[]> { TypedValue = [.. batch.Select(r => r.Progress)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. batch.Select(r => r.Message)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        var written = new Dictionary<(Guid, int), bool>();
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        while (await reader.ReadAsync(CancellationToken.None))
        {
            written[(reader.GetGuid(0), reader.GetInt32(1))] = true;
        }

        return written;
    }

    private sealed record Report(Guid Id, int Run, string Stage, float Progress, string? Message);
}
