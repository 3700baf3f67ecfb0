using System.Collections.Concurrent;
using Dapper;
using Npgsql;

namespace TaskRunner.Tasks.Estimates;

/// <summary>
/// How long recent runs of a task type took, for tasks of about the same size. Reads the last 200 successes of the
/// type in the last 7 days (an index on type and finish time), cached per type for <see cref="CacheFor"/> and read by
/// one caller at a time when it runs out; a task's size is its document's bytes, else the length of its input. The typical
/// duration of each size is remembered with the samples it came from: every start and progress event of a running
/// task asks for it, and ordering 200 samples for each took 4.5 % of a Worker's CPU in a burst of a thousand generations.
/// </summary>
public sealed class TaskDurationHistory(NpgsqlDataSource dataSource)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private const int SizeCacheLimit = 10_000;

    private readonly ConcurrentDictionary<string, History> byType = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, double> sizes = new();
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private long reads;

    /// <summary>How many times the history was read from Postgres (tests check that a burst reads it once).</summary>
    internal long Reads => Interlocked.Read(ref reads);

    /// <summary>The median seconds of the recent runs nearest in size (at least 5, or a quarter of them), or null without history.</summary>
    public async ValueTask<double?> TypicalSecondsAsync(TaskRecord task, CancellationToken ct)
    {
        var history = await HistoryAsync(task.Type, ct);
        if (history.Samples.Count == 0)
        {
            return null;
        }

        return history.TypicalFor(await SizeOfAsync(task, ct));
    }

    /// <summary>Pure: the median of the samples nearest in log size to <paramref name="size"/>.</summary>
    public static double Typical(IReadOnlyList<DurationSample> samples, double size)
    {
        var take = Math.Min(samples.Count, Math.Max(5, samples.Count / 4));
        var logSize = Math.Log(size + 1);
        var nearest = samples.OrderBy(s => Math.Abs(Math.Log(s.Size + 1) - logSize)).Take(take).Select(s => s.Seconds).Order().ToList();
        return nearest.Count % 2 == 1 ? nearest[nearest.Count / 2] : (nearest[(nearest.Count / 2) - 1] + nearest[nearest.Count / 2]) / 2;
    }

    private async ValueTask<History> HistoryAsync(string type, CancellationToken ct)
    {
        if (Fresh(type) is { } fresh)
        {
            return fresh;
        }

        // One reader per expiry: a burst of runs starting together (a thousand generations) would otherwise send the
        // same query once each, all at the moment the cache ran out.
        await refreshing.WaitAsync(ct);
        try
        {
            if (Fresh(type) is { } loaded)
            {
                return loaded;
            }

            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var rows = (await connection.QueryAsync<DurationSample>(new CommandDefinition("""
                select coalesce(d.size_bytes, length(t.input::text), 0)::float8 as size,
                       extract(epoch from t.finished_at - t.started_at)::float8 as seconds
                  from tasks t left join documents d on d.id = t.document_id
                 where t.type = @type and t.status = 'succeeded' and t.started_at is not null
                   and t.finished_at > now() - interval '7 days'
                 order by t.finished_at desc
                 limit 200
                """, new { type }, cancellationToken: ct))).AsList();
            var history = new History(Environment.TickCount64, rows);
            byType[type] = history;
            Interlocked.Increment(ref reads);
            return history;
        }
        finally
        {
            refreshing.Release();
        }
    }

    private History? Fresh(string type) =>
        byType.TryGetValue(type, out var cached) && Environment.TickCount64 - cached.At < CacheFor.TotalMilliseconds ? cached : null;

    private async ValueTask<double> SizeOfAsync(TaskRecord task, CancellationToken ct)
    {
        if (task.DocumentId is not { } documentId)
        {
            return task.Input?.Length ?? 0;
        }

        if (sizes.TryGetValue(task.Id, out var known))
        {
            return known;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var size = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select size_bytes from documents where id = @documentId", new { documentId }, cancellationToken: ct)) ?? 0;
        if (sizes.Count >= SizeCacheLimit)
        {
            sizes.Clear();
        }

        sizes[task.Id] = size;
        return size;
    }

    /// <summary>The recent runs of a type as read at <see cref="At"/>, and the typical duration of each size asked for since.</summary>
    private sealed class History(long at, IReadOnlyList<DurationSample> samples)
    {
        private readonly ConcurrentDictionary<double, double> bySize = new();

        public long At { get; } = at;

        public IReadOnlyList<DurationSample> Samples { get; } = samples;

        public double TypicalFor(double size)
        {
            if (bySize.Count >= SizeCacheLimit)
            {
                bySize.Clear();
            }

            return bySize.GetOrAdd(size, s => Typical(Samples, s));
        }
    }
}
