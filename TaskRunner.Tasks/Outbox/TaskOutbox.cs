using Dapper;
using Npgsql;

namespace TaskRunner.Tasks.Outbox;

/// <summary>
/// The submit outbox. A queued task with no dispatch id is its own dispatch intent: the submit writes it in the same
/// transaction as its other rows, and after the commit <see cref="DispatchWaker"/> sends <c>NOTIFY task_dispatch</c>.
/// The Worker's dispatch leader (<c>DispatchLeader</c>) claims such rows in batches and creates their Hangfire jobs.
/// </summary>
public sealed class TaskOutbox(NpgsqlDataSource dataSource)
{
    /// <summary>The LISTEN/NOTIFY channel that wakes the dispatch leader.</summary>
    public const string Channel = "task_dispatch";

    /// <summary>
    /// Writes a queued, undispatched task inside <paramref name="transaction"/>, with the caller's other rows (a task
    /// alone, or with a guard row, goes through <see cref="SubmitBatcher"/> instead). No NOTIFY here: one inside the
    /// transaction would serialise concurrent commits on Postgres's notify lock; the caller wakes the leader after the
    /// commit (<see cref="DispatchWaker"/>). The task records the API key of the request submitting it
    /// (<see cref="Security.SubmittingApiKey"/>), for that key's in-flight cap.
    /// </summary>
    internal static async Task<TaskRecord> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NewTask task, CancellationToken ct) =>
        await connection.QuerySingleAsync<TaskRecord>(new CommandDefinition("""
            insert into tasks (id, tenant_id, type, status, queue, input, document_id, stage, priority, trace_parent, api_key_id)
            values (@Id, @TenantId, @Type, 'queued', @Queue, @InputJson::jsonb, @DocumentId, 'queued', @priority, @traceParent, @apiKeyId)
            returning *
            """, ParametersOf(task), transaction, cancellationToken: ct));

    private static object ParametersOf(NewTask task) => new
    {
        task.Id, task.TenantId, task.Type, task.Queue, task.InputJson, task.DocumentId, priority = task.Priority.ToName(),
        traceParent = Telemetry.TraceParent.Current(), apiKeyId = Security.SubmittingApiKey.Current,
    };

    /// <summary>Wakes the dispatch leader, for tasks made dispatchable outside a submit (a retry, a released stranded task).</summary>
    public async Task NotifyAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition($"select pg_notify('{Channel}', '')", cancellationToken: ct));
    }

    /// <summary>
    /// Gives up to <paramref name="limit"/> due, undispatched tasks a fresh dispatch id each, high priority first, then oldest first; rows another
    /// dispatcher holds are skipped. A claim whose job is never recorded is released by the lost-dispatch sweep.
    /// </summary>
    internal static async Task<IReadOnlyList<TaskRecord>> ClaimAsync(NpgsqlConnection connection, int limit, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<TaskRecord>(new CommandDefinition(ClaimSql, new { limit }, cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>
    /// The claim. The batch is picked once, in a materialized CTE. Written as <c>t.id in (select … limit … for update skip
    /// locked)</c>, it was planned as a nested-loop semi join that ran the subquery again for every queued row (fresh
    /// tables have no statistics, so the planner expects one row): under a backlog of hundreds of submits each claim
    /// cost queued rows × limit and claimed up to 758 tasks at a time against a limit of 100 (issue #12's 1,000-generation
    /// burst). The update then finds the picked rows by their ids (<c>id = any(array(…))</c>). Written as a join
    /// (<c>from picked where t.id = picked.id and …</c>), it was planned, whenever the statistics said few tasks were
    /// queued (a fresh table, or the usual table of finished tasks just before a burst), as a nested loop over every
    /// queued row against every picked one: 232 ms for a batch of 500 under a backlog of 1,160, 25 ms this way, and the
    /// dispatch leader's batches took 40 to 300 ms during the burst. The update checks the conditions again: in a
    /// test run without them, a task that both the leader and the lost-dispatch sweep found waiting got two Hangfire
    /// jobs (and ran once), so a row the pick returns is not trusted to still match. <c>OutboxClaimTests</c> holds the pick
    /// to one pass and the update to a key lookup.
    /// </summary>
    internal const string ClaimSql = $"""
        with {Picked}
        update tasks t set dispatch_id = gen_random_uuid(), updated_at = now()
         where {StillClaimable}
        returning t.*
        """;

    /// <summary>
    /// The order in which the outbox is dispatched, over a task's <c>priority</c> and <c>created_at</c>: high priority
    /// first, then oldest first. It is the key of the outbox index <c>tasks_outbox_priority</c>.
    /// </summary>
    internal const string DispatchOrder = "case priority when 'high' then 0 when 'normal' then 1 else 2 end, created_at";

    /// <summary>The claim's pick, a materialized CTE named <c>picked</c> (see <see cref="ClaimSql"/>; <see cref="Jobs.HangfireBatchEnqueue"/> claims with it too).</summary>
    internal const string Picked = $"""
        picked as materialized (
            select id from tasks
             where status = 'queued' and dispatch_id is null and (not_before is null or not_before <= now())
             order by {DispatchOrder}
             limit @limit for update skip locked)
        """;

    /// <summary>The claim's update condition over <c>tasks t</c>: a picked row that still waits for a dispatch (see <see cref="ClaimSql"/>).</summary>
    internal const string StillClaimable = "t.id = any (array(select id from picked)) and t.status = 'queued' and t.dispatch_id is null";

    /// <summary>Records the Hangfire job of each claimed task in one statement; a task re-dispatched meanwhile keeps its own.</summary>
    internal static async Task SetJobIdsAsync(NpgsqlConnection connection, IReadOnlyList<(Guid TaskId, Guid DispatchId, string JobId)> jobs, CancellationToken ct)
    {
        if (jobs.Count == 0)
        {
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition("""
            update tasks t set hangfire_job_id = j.job_id
              from unnest(@ids, @dispatchIds, @jobIds) as j(id, dispatch_id, job_id)
             where t.id = j.id and t.dispatch_id = j.dispatch_id
            """, new
        {
            ids = jobs.Select(j => j.TaskId).ToArray(),
            dispatchIds = jobs.Select(j => j.DispatchId).ToArray(),
            jobIds = jobs.Select(j => j.JobId).ToArray(),
        }, cancellationToken: ct));
    }
}
