using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Outbox;
using TaskRunner.Tasks.Telemetry;
using TaskRunner.Worker.Execution;
using TaskRunner.Worker.Leadership;

namespace TaskRunner.Worker.Dispatch;

/// <summary>
/// Turns the submit outbox into Hangfire jobs. One Worker of the fleet leads (<see cref="LeaderElection"/>); it listens on
/// <see cref="TaskOutbox.Channel"/>, and on each wake-up (or every <see cref="LeadershipOptions.DispatchPollSeconds"/>
/// when none comes) dispatches due tasks in batches until none are left. Each round first starts what its own
/// executor has room for (<see cref="DirectTaskStarter"/>), then queues the rest; while whole batches start here, the
/// queued dispatch runs at least every <see cref="QueueAtLeastEvery"/>.
/// </summary>
public sealed partial class DispatchLeader(
    LeaderElection election, TaskDispatcher dispatcher, DirectTaskStarter directStarter, IOptions<LeadershipOptions> options, ILogger<DispatchLeader> logger) : BackgroundService
{
    /// <summary>The advisory lock of the dispatcher role ("TRdisp").</summary>
    public const long LockKey = 0x5452_6469_7370;

    /// <summary>The longest the outbox's queued dispatch waits while full batches start on this Worker's executor.</summary>
    private static readonly TimeSpan QueueAtLeastEvery = TimeSpan.FromMilliseconds(200);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        election.RunAsync(LockKey, "dispatch", TimeSpan.FromSeconds(options.Value.RetrySeconds), LeadAsync, stoppingToken);

    private async Task LeadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var batch = options.Value.DispatchBatchSize;
        var poll = TimeSpan.FromSeconds(options.Value.DispatchPollSeconds);
        var woken = 0;
        var lastQueued = Stopwatch.GetTimestamp();
        var polled = false;
        connection.Notification += (_, _) => Volatile.Write(ref woken, 1);
        await connection.ExecuteAsync(new CommandDefinition($"listen {TaskOutbox.Channel}", cancellationToken: ct));
        while (true)
        {
            Volatile.Write(ref woken, 0);
            var started = Stopwatch.GetTimestamp();
            // A round after a quiet poll interval only looks for stragglers (a dispatch lost on the way): the queued
            // dispatch finds them, so an idle leader sends one statement per interval.
            var startedHere = polled ? 0 : await directStarter.StartAsync(connection, batch, ct);

            // While full batches start here, the rest of a burst waits for this executor rather than the queue; the other
            // queues' tasks wait at most QueueAtLeastEvery for theirs.
            var dispatched = 0;
            if (startedHere < batch || Stopwatch.GetElapsedTime(lastQueued) >= QueueAtLeastEvery)
            {
                dispatched = await dispatcher.DispatchOutboxAsync(connection, batch, options.Value.DispatchParallelism, ct);
                lastQueued = Stopwatch.GetTimestamp();
            }

            if (startedHere + dispatched > 0)
            {
                var elapsed = Stopwatch.GetElapsedTime(started);
                TaskTelemetry.RecordDispatchBatch(startedHere + dispatched, elapsed.TotalSeconds);
                LogDispatched(startedHere, dispatched, elapsed.TotalMilliseconds);
            }

            // A notification read meanwhile, a full batch, or tasks started here (more may have arrived) mean more may wait: go again at once.
            polled = false;
            if (startedHere == 0 && dispatched < batch && Volatile.Read(ref woken) == 0)
            {
                polled = !await connection.WaitAsync(poll, ct) && Volatile.Read(ref woken) == 0;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Started {Started} tasks here and dispatched {Count} from the outbox in {ElapsedMs:0.0} ms")]
    private partial void LogDispatched(int started, int count, double elapsedMs);
}
