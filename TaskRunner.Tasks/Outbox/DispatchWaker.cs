using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace TaskRunner.Tasks.Outbox;

/// <summary>
/// Wakes the dispatch leader after submits commit, sending <c>NOTIFY task_dispatch</c> on its own instead of inside
/// each submit. A NOTIFY in a transaction takes Postgres's database-wide notify lock at commit and holds it through the
/// commit's WAL flush, so concurrent submits that each notified committed one after another (measured: nearly every
/// submitting backend waited on <c>Lock:object</c>). Here at most one NOTIFY is in flight and one more is owed: a wake
/// asked for while one is being sent gets a later one, so every committed task is followed by a notification sent after
/// its commit, and a burst of submits costs a few. If this process dies between a commit and its notification, the
/// leader's poll (<c>Leadership:DispatchPollSeconds</c>) dispatches the task; the row is the dispatch intent either way.
/// A NOTIFY owed when one ends is sent no sooner than <see cref="Spacing"/> after that one began: under a steady stream
/// of submits the owed one was otherwise due at once, and the bench counted one NOTIFY transaction per submit (64
/// clients), doubling the submit path's transactions. A lone submit's NOTIFY still goes at once.
/// </summary>
public sealed partial class DispatchWaker
{
    /// <summary>The least time between the starts of two NOTIFYs when the second was owed during the first.</summary>
    internal static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(10);

    private readonly Func<Task> send;
    private readonly ILogger<DispatchWaker> logger;
    private readonly TimeSpan spacing;

    // 0: idle; 1: a NOTIFY is being sent; 2: one is being sent and another is owed.
    private int state;

    public DispatchWaker(NpgsqlDataSource dataSource, ILogger<DispatchWaker> logger)
        : this(() => NotifyAsync(dataSource), logger)
    {
    }

    /// <summary>With another way to send the wake-up (tests count and hold them).</summary>
    internal DispatchWaker(Func<Task> send, ILogger<DispatchWaker> logger, TimeSpan? spacing = null)
    {
        this.send = send;
        this.logger = logger;
        this.spacing = spacing ?? Spacing;
    }

    /// <summary>True when no NOTIFY is being sent or owed.</summary>
    internal bool IsIdle => Volatile.Read(ref state) == 0;

    /// <summary>Asks for a NOTIFY after the caller's commit; never waits and never throws.</summary>
    public void Wake()
    {
        while (true)
        {
            var current = Volatile.Read(ref state);
            if (current == 2)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref state, current + 1, current) == current)
            {
                if (current == 0)
                {
                    _ = Task.Run(SendAsync);
                }

                return;
            }
        }
    }

    private async Task SendAsync()
    {
        do
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await send();
                if (Volatile.Read(ref state) == 2 && spacing - Stopwatch.GetElapsedTime(started) is { Ticks: > 0 } rest)
                {
                    // Commits arrived during that NOTIFY: the one they are owed waits out the spacing, covering every
                    // commit until it is sent (their wakes find it owed and return).
                    await Task.Delay(rest);
                }
            }
            catch (Exception ex)
            {
                // Whatever went wrong, the loop must reach its decrement: a state left above zero would never send again.
                LogWakeFailed(ex);
            }
        }
        while (Interlocked.Decrement(ref state) > 0);
    }

    private static async Task NotifyAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        // Nothing else is written in this transaction, so its commit need not wait for a WAL flush: the tasks it
        // announces were flushed by their own commits.
        await connection.ExecuteAsync(new CommandDefinition(
            $"select set_config('synchronous_commit', 'off', true), pg_notify('{TaskOutbox.Channel}', '')", cancellationToken: CancellationToken.None));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not notify the dispatch leader; it dispatches new tasks at its next poll")]
    private partial void LogWakeFailed(Exception ex);
}
