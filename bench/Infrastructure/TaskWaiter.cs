using System.Diagnostics;
using Npgsql;
using TaskRunner.Client;

namespace TaskRunner.Bench.Infrastructure;

/// <summary>Waits for many tasks at once by counting final rows in Postgres (cheaper than polling each over HTTP), then reads them through the Api.</summary>
public static class TaskWaiter
{
    private static long polls;

    /// <summary>Queries the waiter has sent so far, so a scenario that counts Postgres commits can leave out its own.</summary>
    public static long Polls => Interlocked.Read(ref polls);

    /// <summary>Waits until every task is final; returns when the last one got there (by the bench's clock) and how many succeeded.</summary>
    public static async Task<(TimeSpan Elapsed, int Succeeded, int Failed)> WaitAllFinalAsync(
        NpgsqlDataSource db, IReadOnlyCollection<Guid> ids, long startedTimestamp, TimeSpan timeout, CancellationToken ct)
    {
        var array = ids.ToArray();
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            Interlocked.Increment(ref polls);
            await using var command = db.CreateCommand(
                "select count(*) filter (where status = 'succeeded'), count(*) filter (where status in ('failed', 'canceled')) from tasks where id = any($1)");
            command.Parameters.Add(new NpgsqlParameter { Value = array });
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var succeeded = (int)reader.GetInt64(0);
            var failed = (int)reader.GetInt64(1);
            if (succeeded + failed >= array.Length)
            {
                return (Stopwatch.GetElapsedTime(startedTimestamp), succeeded, failed);
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{array.Length - succeeded - failed} of {array.Length} tasks were not final after {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(20, ct);
        }
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
