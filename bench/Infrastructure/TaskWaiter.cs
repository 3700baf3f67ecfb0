using System.Diagnostics;
using Npgsql;
using TaskRunner.Client;
using TaskRunner.Testing.OpenAi;

namespace TaskRunner.Bench.Infrastructure;

/// <summary>Waits for many tasks at once by counting final rows in Postgres (cheaper than polling each over HTTP), then reads them through the Api.</summary>
public static class TaskWaiter
{
    private static long polls;

    /// <summary>Queries the waiter has sent so far, so a scenario that counts Postgres commits can leave out its own.</summary>
    public static long Polls => Interlocked.Read(ref polls);

    /// <summary>
    /// Waits until every task is final; returns when the last one got there and how many succeeded. The time is the
    /// last task's <c>finished_at</c> (Postgres's clock, the bench's machine), not when a poll noticed it, the way the
    /// bare references time their last job; each poll asks only for the tasks not yet seen final, every
    /// <see cref="PollInterval"/>, so the waiting costs Postgres little while the platform is measured.
    /// </summary>
    public static async Task<(TimeSpan Elapsed, int Succeeded, int Failed)> WaitAllFinalAsync(
        NpgsqlDataSource db, IReadOnlyCollection<Guid> ids, long startedTimestamp, TimeSpan timeout, CancellationToken ct)
    {
        var startedUtc = DateTime.UtcNow - Stopwatch.GetElapsedTime(startedTimestamp);
        var remaining = ids.ToHashSet();
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        int succeeded = 0, failed = 0;
        var lastFinished = DateTime.MinValue;
        while (true)
        {
            Interlocked.Increment(ref polls);
            await using (var command = db.CreateCommand(
                "select id, status = 'succeeded', finished_at from tasks where id = any($1) and status in ('succeeded', 'failed', 'canceled')"))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = remaining.ToArray() });
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    remaining.Remove(reader.GetGuid(0));
                    _ = reader.GetBoolean(1) ? succeeded++ : failed++;
                    var finished = await reader.IsDBNullAsync(2, ct) ? DateTime.UtcNow : await reader.GetFieldValueAsync<DateTime>(2, ct);
                    lastFinished = finished > lastFinished ? finished : lastFinished;
                }
            }

            if (remaining.Count == 0)
            {
                var elapsed = lastFinished - startedUtc;
                return (elapsed > TimeSpan.Zero ? elapsed : Stopwatch.GetElapsedTime(startedTimestamp), succeeded, failed);
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{remaining.Count} of {ids.Count} tasks were not final after {timeout.TotalSeconds:0} s: {await DescribeUnfinishedAsync(db, remaining.ToArray(), ct)}");
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    /// <summary>
    /// How often <see cref="WaitAllFinalAsync"/> looks; the time it reports does not depend on it. Each look at a thousand
    /// unfinished tasks took Postgres about 4 ms during a burst; every 50 ms that was about 150 ms of Postgres's time per
    /// 1,000-generation round, taken from the platform it measures.
    /// </summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Where the tasks' time went, as p50 / p95 ms of each stage: submit → Hangfire job created (the outbox dispatch),
    /// job created → task started (Hangfire's fetch and the claim), started → finished (the run).
    /// </summary>
    public static async Task<string> StagesAsync(NpgsqlDataSource db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            with s as (
                select extract(epoch from j.createdat - t.created_at) * 1000 as dispatch,
                       extract(epoch from t.started_at - j.createdat) * 1000 as pickup,
                       extract(epoch from t.finished_at - t.started_at) * 1000 as run
                  from tasks t join hangfire.job j on t.hangfire_job_id ~ '^[0-9]+$' and j.id = t.hangfire_job_id::bigint
                 where t.id = any($1))
            select percentile_cont(array[0.5, 0.95]) within group (order by dispatch),
                   percentile_cont(array[0.5, 0.95]) within group (order by pickup),
                   percentile_cont(array[0.5, 0.95]) within group (order by run)
              from s
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct) || await reader.IsDBNullAsync(0, ct))
        {
            return "stages: none recorded";
        }

        string Stage(int i)
        {
            var values = reader.GetFieldValue<double[]>(i);
            return $"{values[0]:0} / {values[1]:0}";
        }

        return $"stages p50 / p95 ms: submit → job created {Stage(0)}, job created → started {Stage(1)}, started → finished {Stage(2)}";
    }

    /// <summary>
    /// The round as one timeline: p50 of each moment in ms after the first task was created (Postgres's clock for the
    /// tasks, the same host's clock for the test server's calls): started, LLM call arrived, LLM reply written, finished.
    /// Shows whether a run's time beyond its LLM call goes before the call or after it.
    /// </summary>
    public static async Task<string> TimelineAsync(NpgsqlDataSource db, IReadOnlyCollection<Guid> ids, IReadOnlyList<ChatCallTiming> calls, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            select min(created_at),
                   percentile_cont(0.5) within group (order by extract(epoch from started_at)),
                   percentile_cont(0.5) within group (order by extract(epoch from finished_at))
              from tasks where id = any($1)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (calls.Count == 0 || !await reader.ReadAsync(ct) || await reader.IsDBNullAsync(1, ct))
        {
            return "timeline: no LLM calls recorded";
        }

        var zero = (await reader.GetFieldValueAsync<DateTimeOffset>(0, ct)).ToUnixTimeMilliseconds() / 1000.0;
        var started = await reader.GetFieldValueAsync<double>(1, ct);
        var finished = await reader.GetFieldValueAsync<double>(2, ct);
        double Ms(double epochSeconds) => (epochSeconds - zero) * 1000;
        double Median(IEnumerable<DateTimeOffset> times) =>
            times.Select(t => t.ToUnixTimeMilliseconds() / 1000.0).Order().ElementAt(calls.Count / 2);
        return $"timeline p50 ms after the first task: started {Ms(started):0}, LLM call arrived {Ms(Median(calls.Select(c => c.Arrived))):0}, "
            + $"LLM reply written {Ms(Median(calls.Select(c => c.Answered))):0}, finished {Ms(finished):0}";
    }

    /// <summary>What the first tasks that are not final look like in Postgres and in Hangfire, to find why they stopped.</summary>
    private static async Task<string> DescribeUnfinishedAsync(NpgsqlDataSource db, Guid[] ids, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            select t.id, t.status, t.stage, t.queue, t.runs, t.attempts, t.dispatch_id is not null, t.hangfire_job_id, j.statename, t.not_before, t.message,
                   now() - t.updated_at, now() - greatest(t.heartbeat_at, h.beat_at)
              from tasks t
              left join task_heartbeats h on h.task_id = t.id and h.run = t.runs
              left join hangfire.job j on t.hangfire_job_id ~ '^[0-9]+$' and j.id = t.hangfire_job_id::bigint
             where t.id = any($1) and t.status not in ('succeeded', 'failed', 'canceled')
             limit 5
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var lines = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            lines.Add(string.Join(", ", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}={values[i]}")));
        }

        return string.Join(" | ", lines);
    }

    /// <summary>Reads every task through <c>GET /api/v1/tasks/{id}</c> (the generated client), a few at a time.</summary>
    public static async Task<IReadOnlyList<TaskResponse>> ReadAllAsync(PlatformClient api, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var results = new TaskResponse[ids.Count];
        await Parallel.ForEachAsync(ids.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (item, token) => results[item.i] = await api.GetTaskAsync(item.id, token));
        return results;
    }

    /// <summary>Milliseconds between two timestamps of a task (e.g. createdAt → startedAt), when both are set.</summary>
    public static double? Between(TaskResponse task, Func<TaskResponse, DateTimeOffset?> from, Func<TaskResponse, DateTimeOffset?> to) =>
        from(task) is { } a && to(task) is { } b ? (b - a).TotalMilliseconds : null;

    /// <summary>The first failed task's error, to explain a failed scenario.</summary>
    public static string? FirstError(IEnumerable<TaskResponse> tasks) =>
        tasks.Where(t => t.Status != "succeeded")
            .Select(t => $"{t.Status}: {t.Error?.Code} {t.Error?.Message}".TrimEnd())
            .FirstOrDefault();
}
