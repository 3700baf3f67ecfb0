using System.Globalization;
using System.Text.Json;
using Dapper;
using Hangfire.States;
using Npgsql;
using TaskRunner.Tasks.Fairness;

namespace TaskRunner.Tasks.Jobs;

/// <summary>
/// Fetches many task jobs from Hangfire's queues and claims their tasks in one transaction: what a Hangfire worker
/// does for one job in four (fetch, Processing, the claim, the hand-over's state change), for a whole burst. Each
/// fetched job leaves its queue; a job whose task it claimed becomes Processing on the async executor
/// (<see cref="ExecutorProcessingState"/>, the same rows Hangfire.PostgreSql's state change writes); a job whose task
/// it could not claim (stale dispatch, canceled, deferred by a tenant cap) is returned so the caller deletes it through
/// Hangfire's client, as <see cref="TaskJobStatesAttribute"/> does for a job that returns <see cref="TaskJobOutcomeKind.Superseded"/>.
/// The tasks are claimed together (<c>claim_tasks</c>, migration 0022): one update for every task that no in-flight cap
/// governs, and <c>claim_task</c> one at a time, in queue order, for the others.
/// Only task jobs are fetched (<see cref="ITaskJob"/>); any other job on those queues stays for Hangfire's workers.
/// Written for Hangfire.PostgreSql's schema <see cref="HangfireSchema.SupportedVersion"/>.
/// </summary>
public sealed class HangfireBatchFetch(TenantInFlightGate inFlightGate)
{
    private const string Schema = HangfireSchema.Name;

    private static readonly string[] StartSources = TaskStore.Sources(TaskTransition.Start);

    /// <summary>
    /// Takes up to <paramref name="limit"/> jobs of <paramref name="queues"/> (in that order, then oldest first) and claims
    /// their tasks for <paramref name="workerId"/>, whose executor runs on Hangfire server <paramref name="serverId"/>.
    /// </summary>
    public async Task<FetchedTaskJobs> FetchAsync(
        NpgsqlConnection connection, IReadOnlyList<string> queues, int limit, string workerId, string serverId, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var arguments = inFlightGate.ClaimArguments(Guid.Empty, Guid.Empty, workerId, StartSources);
        arguments.AddDynamicParams(new { queues = queues.ToArray(), limit, jobType = typeof(ITaskJob).FullName + ",%", enqueued = EnqueuedState.StateName });

        // A job no longer Enqueued (deleted or requeued from the dashboard) only leaves its queue, as Hangfire's worker does.
        var rows = (await connection.QueryAsync<long, TaskRecord?, (long JobId, TaskRecord? Task)>(new CommandDefinition($"""
            with picked as materialized (
                select q.id as queue_id, q.jobid as job_id, q.queue, j.statename = @enqueued as enqueued,
                       trim(both '"' from j.arguments ->> 0)::uuid as task_id, trim(both '"' from j.arguments ->> 1)::uuid as dispatch_id
                  from {Schema}.jobqueue q join {Schema}.job j on j.id = q.jobid
                 where q.queue = any(@queues) and q.fetchedat is null
                   and j.invocationdata ->> 'Type' like @jobType and j.invocationdata ->> 'Method' = 'RunAsync'
                 order by array_position(@queues, q.queue), q.id
                 limit @limit
                   for update of q skip locked
            ), removed as (
                delete from {Schema}.jobqueue q using picked p where q.id = p.queue_id
            ), claimed as materialized (
                select * from claim_tasks(
                    array(select job_id from picked where enqueued order by queue_id),
                    array(select task_id from picked where enqueued order by queue_id),
                    array(select dispatch_id from picked where enqueued order by queue_id),
                    @workerId, @sources, @families::jsonb, @caps::jsonb, @defaultCap, @deferSeconds, @tenantMessage, @keyMessage)
            )
            select p.job_id, (c.task).*
              from picked p
              left join claimed c on c.job_id = p.job_id
             order by p.queue_id
            """, arguments, transaction, cancellationToken: ct), (jobId, task) => (jobId, task), splitOn: "id")).ToList();

        var claimed = rows.Where(r => r.Task?.RunStatus == TaskRunStatus.Running).Select(r => new FetchedTaskJob(r.Task!, Id(r.JobId))).ToList();
        if (claimed.Count > 0)
        {
            var processing = new ExecutorProcessingState(serverId, TaskJobOutcome.Running(serverId).Detail);
            await connection.ExecuteAsync(new CommandDefinition($"""
                with states as (
                    insert into {Schema}.state (jobid, name, reason, createdat, data)
                    select job_id, @name, @reason, @createdAt, @data::jsonb from unnest(@jobIds::bigint[]) as c(job_id)
                    returning id, jobid
                )
                update {Schema}.job j set stateid = s.id, statename = @name from states s where j.id = s.jobid
                """, new
            {
                jobIds = claimed.Select(c => long.Parse(c.JobId, CultureInfo.InvariantCulture)).ToArray(),
                name = processing.Name,
                reason = processing.Reason,
                createdAt = DateTime.UtcNow,
                data = JsonSerializer.Serialize(processing.SerializeData()),
            }, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);

        var deferred = rows.Where(r => r.Task is { } task && task.RunStatus != TaskRunStatus.Running).Select(r => r.Task!).ToList();
        foreach (var task in deferred)
        {
            inFlightGate.RecordDeferred(task);
        }

        var unclaimed = rows.Where(r => r.Task?.RunStatus != TaskRunStatus.Running).Select(r => Id(r.JobId)).ToList();
        return new FetchedTaskJobs(rows.Count, claimed, unclaimed);
    }

    private static string Id(long jobId) => jobId.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A task this Worker claimed through its Hangfire job, now Processing on the executor.</summary>
public sealed record FetchedTaskJob(TaskRecord Task, string JobId);

/// <summary>
/// One fetch: how many jobs left their queues, the claimed ones, and the ids of those whose task was not claimed
/// (still Enqueued in Hangfire's storage, to be deleted by the caller).
/// </summary>
public sealed record FetchedTaskJobs(int Fetched, IReadOnlyList<FetchedTaskJob> Claimed, IReadOnlyList<string> Unclaimed);
