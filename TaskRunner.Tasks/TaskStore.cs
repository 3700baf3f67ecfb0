using Dapper;
using Npgsql;
using TaskRunner.Tasks.Fairness;
using TaskRunner.Tasks.Outbox;

namespace TaskRunner.Tasks;

/// <summary>
/// SQL over the tasks table. Reads are public; every write of <c>status</c> is internal and reached only
/// through <see cref="TaskTracker"/>, which applies <see cref="TaskStateMachine"/>.
/// </summary>
public sealed class TaskStore(NpgsqlDataSource dataSource, TenantInFlightGate inFlightGate)
{
    private const string Columns = "*";

    private readonly Persistence.ProgressWrites progressWrites = new(dataSource);
    private readonly Persistence.SucceedWrites succeedWrites = new(dataSource);

    /// <summary>Progress statements written so far (tests read it to see that concurrent reports were coalesced).</summary>
    internal long ProgressStatements => progressWrites.Statements;

    /// <summary>Success statements written so far (tests read it to see that concurrent successes were coalesced).</summary>
    internal long SucceedStatements => succeedWrites.Statements;

    /// <summary>
    /// <see cref="TaskTransition.Succeed"/> of run <paramref name="run"/>, in one statement with the successes of other
    /// runs recorded meanwhile (<see cref="Persistence.SucceedWrites"/>); null when the transition does not apply.
    /// </summary>
    internal Task<TaskRecord?> SucceedAsync(Guid id, int run, string? resultJson, string? message, CancellationToken ct) =>
        succeedWrites.WriteAsync(id, run, resultJson, message, ct);

    /// <summary>The fence of run <paramref name="run"/> of task <paramref name="id"/>, for its steps' data writes.</summary>
    public Fencing.TaskFence FenceOf(Guid id, int run) => new(dataSource, id, run);

    public async Task<TaskRecord?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<TaskRecord>(new CommandDefinition(
            $"select t.*, h.beat_at from tasks t left join task_heartbeats h on h.task_id = t.id and h.run = t.runs where t.id = @id",
            new { id }, cancellationToken: ct));
    }

    public async Task<TaskRecord?> GetAsync(string tenantId, Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<TaskRecord>(new CommandDefinition(
            $"select t.*, h.beat_at from tasks t left join task_heartbeats h on h.task_id = t.id and h.run = t.runs where t.id = @id and t.tenant_id = @tenantId",
            new { id, tenantId }, cancellationToken: ct));
    }

    public async Task<(IReadOnlyList<TaskRecord> Items, long Total)> ListAsync(TaskQuery query, CancellationToken ct)
    {
        var args = new
        {
            query.TenantId,
            Status = query.Status?.ToName(),
            query.Type,
            Priority = query.Priority?.ToName(),
            Limit = query.PageSize,
            Offset = (long)(query.Page - 1) * query.PageSize,
        };
        const string where = "tenant_id = @TenantId and (@Status::text is null or status = @Status) and (@Type::text is null or type = @Type)"
            + " and (@Priority::text is null or priority = @Priority)";
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"select count(*) from tasks where {where}", args, cancellationToken: ct));
        var items = await connection.QueryAsync<TaskRecord>(new CommandDefinition(
            $"select {Columns} from tasks where {where} order by created_at desc, id limit @Limit offset @Offset", args, cancellationToken: ct));
        return (items.AsList(), total);
    }

    /// <summary>
    /// Deletes a final task of the tenant. Returns the row as it was, or null when the tenant has no such task or it is
    /// not final (read it to tell which). Rows that belong to the task go with it (a trigger deletes its batch and items).
    /// </summary>
    public async Task<TaskRecord?> DeleteFinalAsync(string tenantId, Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<TaskRecord>(new CommandDefinition(
            $"delete from tasks where id = @id and tenant_id = @tenantId and status in ('succeeded', 'failed', 'canceled') returning {Columns}",
            new { id, tenantId }, cancellationToken: ct));
    }

    /// <summary>Gives a queued, undispatched, due task a fresh dispatch id; only the Hangfire job carrying that id may start it.</summary>
    internal async Task<TaskRecord?> TryAssignDispatchAsync(Guid id, Guid dispatchId, CancellationToken ct, bool evenIfNotDue = false)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<TaskRecord>(new CommandDefinition($"""
            update tasks set dispatch_id = @dispatchId, updated_at = now()
             where id = @id and status = 'queued' and dispatch_id is null and (@evenIfNotDue or not_before is null or not_before <= now())
            returning {Columns}
            """, new { id, dispatchId, evenIfNotDue }, cancellationToken: ct));
    }

    /// <summary>Records the Hangfire job of the current dispatch; returns the row (null if it was re-dispatched meanwhile).</summary>
    internal async Task<TaskRecord?> SetHangfireJobIdAsync(Guid id, Guid dispatchId, string jobId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<TaskRecord>(new CommandDefinition(
            $"update tasks set hangfire_job_id = @jobId where id = @id and dispatch_id = @dispatchId returning {Columns}",
            new { id, dispatchId, jobId }, cancellationToken: ct));
    }

    /// <summary>Queued tasks left undispatched a whole <paramref name="lostDispatchAfter"/> past due (the leader missed them), plus dispatches that never reached Hangfire.</summary>
    public async Task<IReadOnlyList<Guid>> FindDispatchableAsync(TimeSpan lostDispatchAfter, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            update tasks set dispatch_id = null
             where status = 'queued' and dispatch_id is not null and hangfire_job_id is null
               and updated_at < now() - make_interval(secs => @secs)
            """, new { secs = lostDispatchAfter.TotalSeconds }, cancellationToken: ct));
        // The dispatch leader takes due tasks at once (woken by NOTIFY, or its poll); the sweep is the backstop for a task
        // it has left waiting a whole lost-dispatch period, so under a backlog the two do not dispatch the same tasks.
        // It reads in the leader's order (priority, then age), the order of the outbox index tasks_outbox_priority.
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition($"""
            select id from tasks where status = 'queued' and dispatch_id is null and (not_before is null or not_before <= now() - make_interval(secs => @secs))
               and updated_at < now() - make_interval(secs => @secs)
             order by {TaskOutbox.DispatchOrder} limit @limit
            """, new { limit, secs = lostDispatchAfter.TotalSeconds }, cancellationToken: ct));
        return ids.AsList();
    }

    /// <summary>
    /// Queued tasks whose Hangfire job is gone or final (deleted from the dashboard, expired, failed by Hangfire itself)
    /// <paramref name="olderThan"/> after their dispatch, or still Enqueued although no queue entry waits to be fetched:
    /// its entry is gone, or a worker fetched it more than <paramref name="fetchedLostAfter"/> ago and never started it
    /// (a Hangfire worker moves a job to Processing moments after its fetch; the benchmark saw such jobs under bursts on
    /// the default queue, and once one wait out Hangfire's five-minute invisibility). Nothing would run them in time.
    /// Their dispatch is cleared so the next dispatch gives them a new job; the old one, should it still run, no longer
    /// holds the task's dispatch id and cannot start it. The batch is picked once (a materialized CTE, as in the dispatch
    /// claim) and a task claimed or given another job meanwhile is left alone.
    /// </summary>
    public async Task<IReadOnlyList<StrandedTask>> ReleaseStrandedAsync(TimeSpan olderThan, TimeSpan fetchedLostAfter, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var released = await connection.QueryAsync<StrandedTask>(new CommandDefinition("""
            with stranded as materialized (
                   select t2.id, t2.hangfire_job_id from tasks t2
                    where t2.status = 'queued' and t2.hangfire_job_id is not null
                      and t2.updated_at < now() - make_interval(secs => least(@secs, @fetchedSecs))
                      and not exists (select 1 from hangfire.job j
                                       where t2.hangfire_job_id ~ '^[0-9]+$' and j.id = t2.hangfire_job_id::bigint
                                         and (j.statename in ('Scheduled', 'Processing', 'Awaiting')
                                              or (j.statename = 'Enqueued'
                                                  and exists (select 1 from hangfire.jobqueue q
                                                               where q.jobid = j.id
                                                                 and (q.fetchedat is null or q.fetchedat > now() - make_interval(secs => @fetchedSecs))))))
                      and (t2.updated_at < now() - make_interval(secs => @secs)
                           or exists (select 1 from hangfire.jobqueue q
                                       where t2.hangfire_job_id ~ '^[0-9]+$' and q.jobid = t2.hangfire_job_id::bigint and q.fetchedat is not null))
                    order by t2.updated_at limit @limit)
            update tasks t set dispatch_id = null, hangfire_job_id = null, updated_at = now()
              from stranded
             where t.id = stranded.id and t.status = 'queued' and t.hangfire_job_id = stranded.hangfire_job_id
            returning t.id as TaskId, stranded.hangfire_job_id as JobId,
                      coalesce((select case when j.statename <> 'Enqueued' then j.statename
                                            when q.id is null then 'Enqueued, with no queue entry'
                                            when q.fetchedat is null then 'Enqueued, waiting in its queue'
                                            else 'Enqueued, fetched ' || floor(extract(epoch from now() - q.fetchedat))::bigint || ' s ago and not started' end
                                  from hangfire.job j left join hangfire.jobqueue q on q.jobid = j.id
                                 where stranded.hangfire_job_id ~ '^[0-9]+$' and j.id = stranded.hangfire_job_id::bigint
                                 order by q.fetchedat desc nulls last limit 1), 'gone') as JobState
            """, new { secs = olderThan.TotalSeconds, fetchedSecs = fetchedLostAfter.TotalSeconds, limit }, cancellationToken: ct));
        return released.AsList();
    }

    /// <summary>Tasks that are running but whose worker stopped sending heartbeats: neither the claim nor a beat of this run is recent.</summary>
    public async Task<IReadOnlyList<TaskRecord>> FindStaleRunningAsync(TimeSpan staleAfter, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<TaskRecord>(new CommandDefinition(
            $"""
            select t.* from tasks t left join task_heartbeats h on h.task_id = t.id and h.run = t.runs
             where t.status = 'running' and greatest(t.heartbeat_at, h.beat_at) < now() - make_interval(secs => @secs)
             order by t.heartbeat_at limit @limit
            """,
            new { secs = staleAfter.TotalSeconds, limit }, cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>
    /// Claims the task for a run, in one statement (<c>claim_task</c>). A tenant (or the task's API key) at its in-flight
    /// cap on the task's queue family does not get it: the task stays queued without its dispatch and is dispatched again
    /// after a short delay, with no attempt spent (returns null).
    /// </summary>
    internal async Task<TaskRecord?> TryClaimAsync(Guid id, Guid dispatchId, string workerId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<TaskRecord>(new CommandDefinition("""
            select * from claim_task(@id, @dispatchId, @workerId, @sources, @families::jsonb, @caps::jsonb, @defaultCap, @deferSeconds, @tenantMessage, @keyMessage)
            """, inFlightGate.ClaimArguments(id, dispatchId, workerId, Sources(TaskTransition.Start)), cancellationToken: ct));
        if (row is null || row.RunStatus == TaskRunStatus.Running)
        {
            return row;
        }

        inFlightGate.RecordDeferred(row);
        return null;
    }

    /// <summary>
    /// Applies a transition that ends or interrupts a run. When <paramref name="run"/> is given, only the run
    /// that owns the task (same run number, still running) may apply it: a worker that was presumed dead
    /// and replaced cannot finish the task a second time.
    /// </summary>
    internal async Task<TaskRecord?> TransitionAsync(Guid id, TaskTransition transition, int? run, TaskUpdate update, CancellationToken ct)
    {
        var target = TaskStateMachine.TargetOf(transition);
        var finishes = target.IsFinal();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<TaskRecord>(new CommandDefinition($"""
            update tasks set status = @target,
                   stage = coalesce(@Stage, stage),
                   step = coalesce(@Step, step),
                   queue = coalesce(@Queue, queue),
                   progress = coalesce(@Progress, progress),
                   message = @Message,
                   result = coalesce(@ResultJson::jsonb, result),
                   error = case when @ClearError then null else coalesce(@ErrorJson::jsonb, error) end,
                   finished_at = case when @finishes then now() else null end,
                   cancel_requested = case when @target = 'queued' then false else cancel_requested end,
                   attempts = case when @ResetAttempts then 0 else attempts end,
                   handoff = @Handoff,
                   hangfire_job_id = case when @target = 'queued' then null else hangfire_job_id end,
                   dispatch_id = case when @target = 'queued' then null else dispatch_id end,
                   not_before = case when @target = 'queued' then now() + make_interval(secs => @DelaySeconds) else null end,
                   updated_at = now(), version = version + 1
             where id = @id and status = any(@sources) and (@run::int is null or runs = @run)
            returning {Columns}
            """, new
        {
            id,
            target = target.ToName(),
            sources = Sources(transition),
            run,
            finishes,
            update.Stage,
            update.Step,
            update.Queue,
            update.Progress,
            update.Message,
            update.ResultJson,
            update.ErrorJson,
            update.ClearError,
            update.ResetAttempts,
            update.Handoff,
            DelaySeconds = update.Delay.TotalSeconds,
        }, cancellationToken: ct));
    }

    /// <summary>
    /// Records a running task's progress, in one statement with the reports of other runs made meanwhile
    /// (<see cref="ProgressWrites"/>). It leaves <c>updated_at</c> (the last change of state, which an index keeps for
    /// the sweeps) alone and touches no indexed column, so the update is heap-only (migration 0021).
    /// </summary>
    internal Task<bool> UpdateProgressAsync(Guid id, int run, string stage, float progress, string? message, CancellationToken ct) =>
        progressWrites.WriteAsync(id, run, stage, progress, message, ct);

    internal async Task<bool> SetStepAsync(Guid id, int run, int step, string? resultJson, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.ExecuteAsync(new CommandDefinition(
            "update tasks set step = @step, result = coalesce(@resultJson::jsonb, result), updated_at = now() where id = @id and status = 'running' and runs = @run",
            new { id, run, step, resultJson }, cancellationToken: ct));
        return rows == 1;
    }

    /// <summary>
    /// Records that the run is alive, in <c>task_heartbeats</c> (a HOT update of a narrow row, not a write of the tasks
    /// table and its indexes). Returns null when the run no longer owns the task, else whether cancellation was asked.
    /// </summary>
    internal async Task<bool?> HeartbeatAsync(Guid id, int run, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition("""
            with owner as (select cancel_requested from tasks where id = @id and status = 'running' and runs = @run),
                 beat as (insert into task_heartbeats (task_id, run, beat_at) select @id, @run, now() from owner
                          on conflict (task_id) do update set run = excluded.run, beat_at = excluded.beat_at)
            select cancel_requested from owner
            """, new { id, run }, cancellationToken: ct));
    }

    internal async Task<TaskRecord?> RequestCancelAsync(string tenantId, Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<TaskRecord>(new CommandDefinition($"""
            update tasks set cancel_requested = true, updated_at = now(), version = version + 1
             where id = @id and tenant_id = @tenantId and status = 'running'
            returning {Columns}
            """, new { id, tenantId }, cancellationToken: ct));
    }

    /// <summary>The statuses <paramref name="transition"/> may leave, as stored.</summary>
    internal static string[] Sources(TaskTransition transition) =>
        TaskStateMachine.SourcesOf(transition).Select(s => s.ToName()).ToArray();
}
