using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Outbox;
using TaskRunner.Tasks.Telemetry;
using TaskRunner.Worker.Leadership;

namespace TaskRunner.Worker.Dispatch;

/// <summary>
/// Turns the submit outbox into Hangfire jobs. One Worker of the fleet leads (<see cref="LeaderElection"/>); it listens on
/// <see cref="TaskOutbox.Channel"/>, and on each wake-up (or every <see cref="LeadershipOptions.DispatchPollSeconds"/>
/// when none comes) dispatches due tasks in batches until none are left.
/// </summary>
public sealed partial class DispatchLeader(
    LeaderElection election, TaskDispatcher dispatcher, IOptions<LeadershipOptions> options, ILogger<DispatchLeader> logger) : BackgroundService
{
    /// <summary>The advisory lock of the dispatcher role ("TRdisp").</summary>
    public const long LockKey = 0x5452_6469_7370;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        election.RunAsync(LockKey, "dispatch", TimeSpan.FromSeconds(options.Value.RetrySeconds), LeadAsync, stoppingToken);

    private async Task LeadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var batch = options.Value.DispatchBatchSize;
        var poll = TimeSpan.FromSeconds(options.Value.DispatchPollSeconds);
        var woken = 0;
        connection.Notification += (_, _) => Volatile.Write(ref woken, 1);
        await connection.ExecuteAsync(new CommandDefinition($"listen {TaskOutbox.Channel}", cancellationToken: ct));
        while (true)
        {
            Volatile.Write(ref woken, 0);
            var started = Stopwatch.GetTimestamp();
            var dispatched = await dispatcher.DispatchOutboxAsync(connection, batch, options.Value.DispatchParallelism, ct);
            if (dispatched > 0)
            {
                var elapsed = Stopwatch.GetElapsedTime(started);
                TaskTelemetry.RecordDispatchBatch(dispatched, elapsed.TotalSeconds);
                LogDispatched(dispatched, elapsed.TotalMilliseconds);
            }

            // A notification read while dispatching (or a full batch) means more may wait: go again at once.
            if (dispatched < batch && Volatile.Read(ref woken) == 0)
            {
                await connection.WaitAsync(poll, ct);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dispatched {Count} tasks from the outbox in {ElapsedMs:0.0} ms")]
    private partial void LogDispatched(int count, double elapsedMs);
}
