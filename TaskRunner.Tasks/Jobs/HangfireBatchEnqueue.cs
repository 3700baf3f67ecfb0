using Dapper;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Npgsql;
using TaskRunner.Tasks.Outbox;

namespace TaskRunner.Tasks.Jobs;

/// <summary>
/// Dispatches a batch of the submit outbox in one statement: claims the due tasks (<see cref="TaskOutbox.ClaimSql"/>'s
/// pick and conditions), gives each a fresh dispatch id and its Hangfire job's id, and creates the Enqueued jobs.
/// Hangfire's client creates one job per call, in two transactions and about six statements; for a burst of a thousand
/// tasks those calls were the dispatch leader's whole time. The claim and the job creation were then two statements,
/// each updating every claimed task; one statement writes each task once. The statement writes exactly the rows
/// Hangfire.PostgreSql's client writes for a job created Enqueued (the job with its invocation data serialized by
/// Hangfire itself, its Enqueued state, its queue entry, and the <c>new_job</c> notification its long polling waits
/// for), so the dashboard, the servers and every state filter see ordinary jobs. The invocation data is Hangfire's
/// serialization of a task job whose two ids are marks (<see cref="TaskMark"/>, <see cref="DispatchMark"/>) that the
/// statement replaces with each task's ids (<c>HangfireBatchEnqueueTests</c> compares the rows with the client's). No
/// client filter or state filter of this platform acts on creation (<see cref="TaskJobFilters"/>). The rows are
/// Hangfire.PostgreSql's schema <see cref="HangfireSchema.SupportedVersion"/>; a database on any other version is served
/// by Hangfire's client, one job at a time.
/// </summary>
public sealed class HangfireBatchEnqueue
{
    private const string Schema = HangfireSchema.Name;

    /// <summary>The task id in the invocation template, replaced by each task's id.</summary>
    internal static readonly Guid TaskMark = new("7a5c0000-0000-4000-8000-0000000a5c01");

    /// <summary>The dispatch id in the invocation template, replaced by each dispatch's id.</summary>
    internal static readonly Guid DispatchMark = new("7a5c0000-0000-4000-8000-0000000a5c02");

    /// <summary>The serialized task job with its two marks (also what <see cref="HangfireDirectStart"/> writes).</summary>
    internal static readonly (string Invocation, string Arguments) Template = TemplateOf();

    /// <summary>
    /// Claims up to <paramref name="limit"/> due, undispatched tasks (high priority first, then oldest first; rows another
    /// dispatcher holds are skipped) and creates one Enqueued job per task on its queue, in one statement. Returns the
    /// dispatches, in the order their jobs were queued.
    /// </summary>
    public async Task<IReadOnlyList<DispatchedJob>> DispatchAsync(NpgsqlConnection connection, int limit, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<(Guid TaskId, Guid DispatchId, string Queue, long JobId)>(new CommandDefinition($"""
            with {TaskOutbox.Picked}, claimed as materialized (
                update tasks t set dispatch_id = gen_random_uuid(), hangfire_job_id = nextval('{Schema}.job_id_seq')::text, updated_at = now()
                 where {TaskOutbox.StillClaimable}
                returning t.id as task_id, t.dispatch_id, t.queue, t.hangfire_job_id::bigint as job_id, t.priority, t.created_at
            ), input as materialized (
                select c.task_id, c.dispatch_id, c.queue, c.job_id, nextval('{Schema}.state_id_seq') as state_id,
                       replace(replace(@invocation, @taskMark, c.task_id::text), @dispatchMark, c.dispatch_id::text)::jsonb as invocation,
                       replace(replace(@arguments, @taskMark, c.task_id::text), @dispatchMark, c.dispatch_id::text)::jsonb as arguments,
                       row_number() over (order by {TaskOutbox.DispatchOrder}) as n
                  from claimed c
            ), jobs as (
                insert into {Schema}.job (id, stateid, statename, invocationdata, arguments, createdat, expireat)
                select job_id, state_id, @state, invocation, arguments, @createdAt, null from input
            ), states as (
                insert into {Schema}.state (id, jobid, name, reason, createdat, data)
                select state_id, job_id, @state, null, @createdAt, jsonb_build_object('EnqueuedAt', @enqueuedAt::text, 'Queue', queue) from input
            ), queued as (
                insert into {Schema}.jobqueue (jobid, queue)
                select job_id, queue from input order by n
            )
            select task_id, dispatch_id, queue, job_id
              from input cross join (select pg_notify('new_job', '') where exists (select from input)) as wake
             order by n
            """, new
        {
            limit,
            invocation = Template.Invocation,
            arguments = Template.Arguments,
            taskMark = TaskMark.ToString(),
            dispatchMark = DispatchMark.ToString(),
            state = EnqueuedState.StateName,
            createdAt = DateTime.UtcNow,
            enqueuedAt = JobHelper.SerializeDateTime(DateTime.UtcNow),
        }, cancellationToken: ct));
        return rows.Select(r => new DispatchedJob(r.TaskId, r.DispatchId, r.Queue, r.JobId.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
    }

    /// <summary>
    /// Hangfire's serialization of a task job for the two marks (what Hangfire.PostgreSql stores: the invocation with its
    /// arguments, and the arguments alone); each mark must appear once in each, as Postgres prints a uuid.
    /// </summary>
    private static (string Invocation, string Arguments) TemplateOf()
    {
        var data = InvocationData.SerializeJob(TaskDispatcher.JobFor(TaskMark, DispatchMark));
        var template = (Invocation: SerializationHelper.Serialize(data), data.Arguments);
        foreach (var text in new[] { template.Invocation, template.Arguments })
        {
            foreach (var mark in new[] { TaskMark.ToString(), DispatchMark.ToString() })
            {
                if (text.Split(mark).Length != 2)
                {
                    throw new InvalidOperationException($"Hangfire's serialization of a task job does not hold {mark} exactly once: {text}");
                }
            }
        }

        return template;
    }
}

/// <summary>A task dispatched from the outbox: its fresh dispatch id, its queue and its Hangfire job.</summary>
public sealed record DispatchedJob(Guid TaskId, Guid DispatchId, string Queue, string JobId);
