using System.Diagnostics.Metrics;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace TaskRunner.Tasks.Telemetry;

/// <summary>
/// Queue depth and the age of the oldest waiting task per queue, read from the tasks table (one grouped query over a
/// partial index of queued rows). Gauges are read synchronously by the exporter, so a scrape gets the last figures at
/// once and, when they are older than <see cref="MetricsOptions.QueueCacheSeconds"/>, starts reading fresh ones in the
/// background: the figures are at most one scrape interval old, and nothing reads Postgres when nobody scrapes.
/// </summary>
public sealed partial class QueueMetrics : IHostedService, IDisposable
{
    public const string MeterName = "TaskRunner.Queues";

    private readonly NpgsqlDataSource dataSource;
    private readonly TimeSpan cacheFor;
    private readonly ILogger<QueueMetrics> logger;
    private readonly Meter meter;
    private readonly CancellationTokenSource stopping = new();
    private IReadOnlyDictionary<string, QueueFigures> figures = new Dictionary<string, QueueFigures>();
    private long readAtTicks = long.MinValue / 2;
    private int refreshing;

    public QueueMetrics(NpgsqlDataSource dataSource, IOptions<MetricsOptions> options, IMeterFactory meters, ILogger<QueueMetrics> logger)
    {
        this.dataSource = dataSource;
        this.logger = logger;
        cacheFor = TimeSpan.FromSeconds(options.Value.QueueCacheSeconds);
        meter = meters.Create(MeterName);
        meter.CreateObservableGauge("taskrunner.queue.depth", () => Observe(f => f.Depth), description: "Tasks waiting (queued and due) per queue.");
        meter.CreateObservableGauge("taskrunner.queue.oldest.age", () => Observe(f => f.OldestSeconds), "s", "How long the oldest waiting task of each queue has waited.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => RefreshAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => stopping.CancelAsync();

    public void Dispose()
    {
        stopping.Dispose();
        meter.Dispose();
    }

    private IEnumerable<Measurement<double>> Observe(Func<QueueFigures, double> value)
    {
        if (Environment.TickCount64 - Interlocked.Read(ref readAtTicks) > cacheFor.TotalMilliseconds && Interlocked.Exchange(ref refreshing, 1) == 0)
        {
            _ = Task.Run(() => RefreshAsync(stopping.Token));
        }

        var current = figures;
        foreach (var queue in TaskQueues.WithPriorities.Union(current.Keys))
        {
            yield return new Measurement<double>(current.TryGetValue(queue, out var f) ? value(f) : 0, new KeyValuePair<string, object?>("queue", queue));
        }
    }

    private async Task RefreshAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<QueueFigures>(new CommandDefinition("""
                select queue, count(*)::float8 as depth,
                       coalesce(extract(epoch from now() - min(case when runs = 0 then created_at else coalesce(not_before, updated_at) end)), 0)::float8 as oldestseconds
                  from tasks
                 where status = 'queued' and (not_before is null or not_before <= now())
                 group by queue
                """, cancellationToken: ct));
            figures = rows.ToDictionary(r => r.Queue, StringComparer.Ordinal);
            Interlocked.Exchange(ref readAtTicks, Environment.TickCount64);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReadFailed(ex);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Interlocked.Exchange(ref refreshing, 0);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue figures for /metrics could not be read; the last ones are served")]
    private partial void LogReadFailed(Exception ex);

    private sealed record QueueFigures(string Queue, double Depth, double OldestSeconds);
}
