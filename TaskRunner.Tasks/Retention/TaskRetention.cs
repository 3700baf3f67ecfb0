using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace TaskRunner.Tasks.Retention;

/// <summary>
/// Deletes final tasks older than <see cref="RetentionOptions.Days"/>, with the rows only they reference: a batch and its
/// items go with their task (trigger <c>tasks_delete_batch</c>); the result, error and input live in the task row.
/// What users still see stays: documents (their <c>last_task_id</c> then names a task that is gone), exercises a
/// generation wrote, and submissions with their grades.
/// </summary>
public sealed class TaskRetention(NpgsqlDataSource dataSource, IOptions<RetentionOptions> options)
{
    /// <summary>The predicate the sweep uses; <c>tasks_final_finished</c> matches it.</summary>
    public const string ExpiredPredicate = "status in ('succeeded', 'failed', 'canceled') and finished_at < now() - make_interval(secs => @seconds)";

    /// <summary>
    /// Deletes one batch of expired tasks; returns how many went (a full batch means more may be left). The batch is picked
    /// once, in a materialized CTE: as <c>id in (select … limit … for update skip locked)</c> the planner may rescan the
    /// subquery for every row (a nested-loop semi join), which costs rows × limit and can take more than the limit.
    /// </summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition($"""
            with expired as materialized (select id from tasks where {ExpiredPredicate} order by finished_at limit @limit for update skip locked)
            delete from tasks t using expired where t.id = expired.id
            """, new { seconds = options.Value.Days * 86_400, limit = options.Value.BatchSize }, cancellationToken: ct));
    }
}
