using Dapper;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Npgsql;

namespace TaskRunner.Tasks.Jobs;

/// <summary>
/// Creates the Enqueued Hangfire jobs of many tasks in one statement, and records each job on its task in the same
/// statement. Hangfire's client creates one job per call, in two transactions and about six statements; for a burst
/// of a thousand tasks those calls were the dispatch leader's whole time. The statement writes exactly the rows
/// Hangfire.PostgreSql's client writes for a job created Enqueued (the job with its invocation data serialized by
/// Hangfire itself, its Enqueued state, its queue entry, and the <c>new_job</c> notification its long polling waits
/// for), so the dashboard, the servers and every state filter see ordinary jobs. No client filter or state filter of
/// this platform acts on creation (<see cref="TaskJobFilters"/>). The rows are Hangfire.PostgreSql's schema
/// <see cref="HangfireSchema.SupportedVersion"/>; a database on any other version is served by Hangfire's client, one job at a time.
/// </summary>
public sealed class HangfireBatchEnqueue
{
    private const string Schema = HangfireSchema.Name;

    /// <summary>
    /// One Enqueued job per task (on the task's queue, for its current dispatch), and the job's id on the task while it
    /// still has that dispatch. Returns the jobs created. All or nothing: the claims of a failed batch are released by
    /// the lost-dispatch sweep.
    /// </summary>
    public async Task<IReadOnlyList<(Guid TaskId, Guid DispatchId, string JobId)>> EnqueueAsync(
        NpgsqlConnection connection, IReadOnlyList<TaskRecord> tasks, CancellationToken ct)
    {
        if (tasks.Count == 0)
        {
            return [];
        }

        var invocations = new string[tasks.Count];
        var arguments = new string[tasks.Count];
        for (var i = 0; i < tasks.Count; i++)
        {
            var data = InvocationData.SerializeJob(TaskDispatcher.JobFor(tasks[i].Id, tasks[i].DispatchId!.Value));
            invocations[i] = SerializationHelper.Serialize(data); // what Hangfire.PostgreSql stores: the arguments included
            arguments[i] = data.Arguments;
        }

        var rows = await connection.QueryAsync<(Guid TaskId, Guid DispatchId, long JobId)>(new CommandDefinition($"""
            with input as materialized (
                select nextval('{Schema}.job_id_seq') as job_id, nextval('{Schema}.state_id_seq') as state_id, i.*
                  from unnest(@taskIds::uuid[], @dispatchIds::uuid[], @queues::text[], @invocations::jsonb[], @arguments::jsonb[])
                       with ordinality as i(task_id, dispatch_id, queue, invocation, arguments, n)
                 order by i.n
            ), jobs as (
                insert into {Schema}.job (id, stateid, statename, invocationdata, arguments, createdat, expireat)
                select job_id, state_id, @state, invocation, arguments, @createdAt, null from input
            ), states as (
                insert into {Schema}.state (id, jobid, name, reason, createdat, data)
                select state_id, job_id, @state, null, @createdAt, jsonb_build_object('EnqueuedAt', @enqueuedAt::text, 'Queue', queue) from input
            ), queued as (
                insert into {Schema}.jobqueue (jobid, queue)
                select job_id, queue from input order by n
            ), recorded as (
                update tasks t set hangfire_job_id = i.job_id::text
                  from input i
                 where t.id = i.task_id and t.dispatch_id = i.dispatch_id
            )
            select task_id, dispatch_id, job_id from input cross join (select pg_notify('new_job', '')) as wake order by n
            """, new
        {
            taskIds = tasks.Select(t => t.Id).ToArray(),
            dispatchIds = tasks.Select(t => t.DispatchId!.Value).ToArray(),
            queues = tasks.Select(t => t.Queue).ToArray(),
            invocations,
            arguments,
            state = EnqueuedState.StateName,
            createdAt = DateTime.UtcNow,
            enqueuedAt = JobHelper.SerializeDateTime(DateTime.UtcNow),
        }, cancellationToken: ct));
        return rows.Select(r => (r.TaskId, r.DispatchId, r.JobId.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
    }
}
