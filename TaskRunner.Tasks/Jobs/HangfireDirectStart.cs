using System.Text.Json;
using Dapper;
using Hangfire.Common;
using Hangfire.States;
using Npgsql;
using TaskRunner.Tasks.Fairness;
using TaskRunner.Tasks.Outbox;

namespace TaskRunner.Tasks.Jobs;

/// <summary>
/// Starts due tasks straight from the submit outbox on the calling Worker's async executor, in one statement: claims
/// them (<c>claim_outbox_tasks</c>, migration 0024: each task gets its dispatch id, its Hangfire job id and its claim in
/// one update) and creates each job already Processing on <c>serverId</c>, with the Enqueued and Processing states that a
/// job dispatched and then fetched by <see cref="HangfireBatchFetch"/> has, so the dashboard shows the same history. No
/// queue entry is written: nobody else is to fetch the job. Without it a task was written three times before its run
/// (the dispatch, the fetch's claim, and the queue entry made and removed between them) and waited for the fetch.
/// Only tasks that no in-flight cap governs are taken; the others keep the queue. Written for Hangfire.PostgreSql's
/// schema <see cref="HangfireSchema.SupportedVersion"/>, like <see cref="HangfireBatchEnqueue"/>.
/// </summary>
public sealed class HangfireDirectStart(TenantInFlightGate inFlightGate)
{
    private const string Schema = HangfireSchema.Name;

    private static readonly string[] StartSources = TaskStore.Sources(TaskTransition.Start);

    /// <summary>
    /// Claims up to <paramref name="limit"/> due, undispatched tasks of <paramref name="queues"/> (high priority first,
    /// then oldest first; rows another transaction holds are skipped) for <paramref name="workerId"/>, whose executor runs
    /// on Hangfire server <paramref name="serverId"/>. Returns them with their jobs; none when every tenant is capped on
    /// the family (the claim would pass over each task).
    /// </summary>
    public async Task<IReadOnlyList<FetchedTaskJob>> StartAsync(
        NpgsqlConnection connection, IReadOnlyList<string> queues, int limit, string workerId, string serverId, CancellationToken ct)
    {
        if (limit <= 0 || queues.Select(TaskQueues.FamilyOf).Distinct().Any(inFlightGate.CapsEveryTenant))
        {
            return [];
        }

        var arguments = inFlightGate.ClaimArguments(Guid.Empty, Guid.Empty, workerId, StartSources);
        var processing = new ExecutorProcessingState(serverId, TaskJobOutcome.Running(serverId).Detail);
        var now = DateTime.UtcNow;
        arguments.AddDynamicParams(new
        {
            limit,
            queues = queues.ToArray(),
            jobSequence = $"{Schema}.job_id_seq",
            invocation = HangfireBatchEnqueue.Template.Invocation,
            jobArguments = HangfireBatchEnqueue.Template.Arguments,
            taskMark = HangfireBatchEnqueue.TaskMark.ToString(),
            dispatchMark = HangfireBatchEnqueue.DispatchMark.ToString(),
            enqueued = EnqueuedState.StateName,
            enqueuedAt = JobHelper.SerializeDateTime(now),
            processing = processing.Name,
            reason = processing.Reason,
            data = JsonSerializer.Serialize(processing.SerializeData()),
            createdAt = now,
        });

        // Each job's Processing state is numbered after its Enqueued one, as if it had been fetched.
        var tasks = await connection.QueryAsync<TaskRecord>(new CommandDefinition($"""
            with claimed as materialized (
                select t.*, nextval('{Schema}.state_id_seq') as enqueued_state
                  from claim_outbox_tasks(@limit, @queues, @workerId, @sources, @families::jsonb, @caps::jsonb, @defaultCap, @jobSequence) t
            ), input as materialized (
                select c.*, nextval('{Schema}.state_id_seq') as processing_state from claimed c
            ), jobs as (
                insert into {Schema}.job (id, stateid, statename, invocationdata, arguments, createdat, expireat)
                select hangfire_job_id::bigint, processing_state, @processing,
                       replace(replace(@invocation, @taskMark, id::text), @dispatchMark, dispatch_id::text)::jsonb,
                       replace(replace(@jobArguments, @taskMark, id::text), @dispatchMark, dispatch_id::text)::jsonb,
                       @createdAt, null
                  from input
            ), states as (
                insert into {Schema}.state (id, jobid, name, reason, createdat, data)
                select enqueued_state, hangfire_job_id::bigint, @enqueued, null, @createdAt,
                       jsonb_build_object('EnqueuedAt', @enqueuedAt::text, 'Queue', queue)
                  from input
                 union all
                select processing_state, hangfire_job_id::bigint, @processing, @reason, @createdAt, @data::jsonb from input
            )
            select * from input order by {TaskOutbox.DispatchOrder}
            """, arguments, cancellationToken: ct));
        return tasks.Select(t => new FetchedTaskJob(t, t.HangfireJobId!)).ToList();
    }
}
