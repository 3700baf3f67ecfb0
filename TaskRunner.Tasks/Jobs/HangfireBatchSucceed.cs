using System.Globalization;
using Dapper;
using Hangfire.States;
using Npgsql;

namespace TaskRunner.Tasks.Jobs;

/// <summary>
/// Moves many Processing jobs to Succeeded in one statement: the rows Hangfire's state machine writes when a job method
/// returns (the Succeeded state, the job's state and its expiry, the <c>stats:succeeded</c> counter and the daily and
/// hourly history counters of its statistics filter), without a distributed lock, a connection and a transaction per
/// job. A job no longer Processing (deleted or requeued from the dashboard, ended by the reaper) is left as it is; the
/// row lock taken on each job orders this against a state change made through Hangfire. Written for Hangfire.PostgreSql's
/// schema <see cref="HangfireSchema.SupportedVersion"/>; only outcomes that stay Succeeded under
/// <see cref="TaskJobStatesAttribute"/> belong here.
/// </summary>
public sealed class HangfireBatchSucceed
{
    private const string Schema = HangfireSchema.Name;

    /// <summary>Moves each job still Processing to Succeeded with its data; returns the ids of the jobs moved.</summary>
    public async Task<IReadOnlyList<long>> SucceedAsync(
        NpgsqlConnection connection, IReadOnlyList<(long JobId, SucceededState State)> jobs, TimeSpan expireIn, CancellationToken ct)
    {
        if (jobs.Count == 0)
        {
            return [];
        }

        var now = DateTime.UtcNow;
        var moved = await connection.QueryAsync<long>(new CommandDefinition($"""
            with input as (
                select * from unnest(@jobIds::bigint[], @data::jsonb[]) as i(job_id, data)
            ), processing as (
                select j.id, i.data from {Schema}.job j join input i on i.job_id = j.id
                 where j.statename = @processing
                   for update of j
            ), states as (
                insert into {Schema}.state (jobid, name, reason, createdat, data)
                select id, @succeeded, null, @now, data from processing
                returning id, jobid
            ), jobs as (
                update {Schema}.job j set stateid = s.id, statename = @succeeded, expireat = @expireAt
                  from states s where j.id = s.jobid
                returning j.id
            ), counted as (
                insert into {Schema}.counter (key, value, expireat)
                select c.key, (select count(*) from states), c.expireat
                  from (values (@total, null::timestamp), (@daily, @dailyExpireAt), (@hourly, @hourlyExpireAt)) as c(key, expireat)
                 where exists (select 1 from states)
            )
            select id from jobs
            """, new
        {
            jobIds = jobs.Select(j => j.JobId).ToArray(),
            data = jobs.Select(j => System.Text.Json.JsonSerializer.Serialize(j.State.SerializeData())).ToArray(),
            processing = ProcessingState.StateName,
            succeeded = SucceededState.StateName,
            now,
            expireAt = now + expireIn,
            total = "stats:succeeded",
            daily = $"stats:succeeded:{now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
            dailyExpireAt = now.AddMonths(1),
            hourly = $"stats:succeeded:{now.ToString("yyyy-MM-dd-HH", CultureInfo.InvariantCulture)}",
            hourlyExpireAt = now.AddDays(1),
        }, cancellationToken: ct));
        return moved.ToList();
    }
}
