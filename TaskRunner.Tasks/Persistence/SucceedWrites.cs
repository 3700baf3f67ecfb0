using Dapper;
using Npgsql;

namespace TaskRunner.Tasks.Persistence;

/// <summary>
/// Records runs that succeeded together (<see cref="CoalescedWrites{TKey, TItem, TResult}"/>): the successes that
/// arrive while one write is in Postgres go into the next, one statement and one commit for all of them. Why: a
/// thousand generations whose replies arrive together each ran this update alone, and the runs' last writes were where
/// the burst's time went after its LLM calls (<c>bench/results/engine8/notes.md</c>). The statement is the generic
/// transition's (<see cref="TaskStore.TransitionAsync"/>) for <see cref="TaskTransition.Succeed"/>, one row per run:
/// each row changes only while its run still owns the task and it is in a state the transition leaves from.
/// </summary>
internal sealed class SucceedWrites
{
    /// <summary>The most rows one statement writes.</summary>
    internal const int MaxBatch = 500;

    internal const string Sql = """
        update tasks set status = @target, stage = 'done', progress = 1, message = u.message,
               result = coalesce(u.result::jsonb, tasks.result), error = null, finished_at = now(),
               handoff = false, not_before = null, updated_at = now(), version = version + 1
          from unnest(@ids, @runs, @results, @messages) as u(id, run, result, message)
         where tasks.id = u.id and tasks.status = any(@sources) and tasks.runs = u.run
        returning tasks.*
        """;

    private static readonly string[] Sources = TaskStore.Sources(TaskTransition.Succeed);

    private readonly NpgsqlDataSource dataSource;
    private readonly CoalescedWrites<(Guid, int), Success, TaskRecord?> writes;

    public SucceedWrites(NpgsqlDataSource dataSource)
    {
        this.dataSource = dataSource;
        writes = new(s => (s.Id, s.Run), WriteAsync, missing: null, MaxBatch);
    }

    /// <summary>Statements written so far.</summary>
    internal long Statements => writes.Statements;

    /// <summary>The task succeeded by run <paramref name="run"/>, or null when that run no longer owns it or it cannot succeed.</summary>
    public Task<TaskRecord?> WriteAsync(Guid id, int run, string? resultJson, string? message, CancellationToken ct) =>
        writes.WriteAsync(new Success(id, run, resultJson, message), ct);

    private async Task<IReadOnlyDictionary<(Guid, int), TaskRecord?>> WriteAsync(IReadOnlyList<Success> batch)
    {
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        var rows = await connection.QueryAsync<TaskRecord>(new CommandDefinition(Sql, new
        {
            target = TaskStateMachine.TargetOf(TaskTransition.Succeed).ToName(),
            sources = Sources,
            ids = batch.Select(s => s.Id).ToArray(),
            runs = batch.Select(s => s.Run).ToArray(),
            results = batch.Select(s => s.ResultJson).ToArray(),
            messages = batch.Select(s => s.Message).ToArray(),
        }, cancellationToken: CancellationToken.None));
        return rows.ToDictionary(r => (r.Id, r.Runs), r => (TaskRecord?)r);
    }

    private sealed record Success(Guid Id, int Run, string? ResultJson, string? Message);
}
