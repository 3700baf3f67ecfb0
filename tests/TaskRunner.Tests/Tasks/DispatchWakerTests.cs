using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TaskRunner.Tasks.Outbox;

namespace TaskRunner.Tests.Tasks;

/// <summary>The submit's wake-up of the dispatch leader: coalesced, never lost, and never stopped by a failed send.</summary>
public sealed class DispatchWakerTests
{
    [Fact]
    public async Task Wakes_asked_for_while_a_notify_is_in_flight_cost_exactly_one_more_notify_sent_after_them()
    {
        var started = Channel.CreateUnbounded<int>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sends = 0;
        var waker = new DispatchWaker(async () =>
        {
            var n = Interlocked.Increment(ref sends);
            started.Writer.TryWrite(n);
            if (n == 1)
            {
                await release.Task;
            }
        }, NullLogger<DispatchWaker>.Instance);

        waker.Wake();
        Assert.Equal(1, await started.Reader.ReadAsync());
        for (var i = 0; i < 100; i++)
        {
            waker.Wake();
        }

        // The hundred commits happened while the first NOTIFY was in flight: one more, begun after them, covers them all.
        Assert.False(started.Reader.TryRead(out _));
        release.SetResult();
        Assert.Equal(2, await started.Reader.ReadAsync());
        await WhenIdleAsync(waker);
        Assert.Equal(2, sends);

        // Once idle, the next commit gets its own NOTIFY.
        waker.Wake();
        Assert.Equal(3, await started.Reader.ReadAsync());
        await WhenIdleAsync(waker);
        Assert.Equal(3, sends);
    }

    [Fact]
    public async Task A_failed_notify_does_not_stop_later_wakes()
    {
        var sends = 0;
        var waker = new DispatchWaker(() => Interlocked.Increment(ref sends) == 1
            ? Task.FromException(new NpgsqlException("the database is restarting"))
            : Task.CompletedTask, NullLogger<DispatchWaker>.Instance);

        waker.Wake();
        await WhenIdleAsync(waker);
        waker.Wake();
        await WhenIdleAsync(waker);

        Assert.Equal(2, sends);
    }

    private static async Task WhenIdleAsync(DispatchWaker waker)
    {
        while (!waker.IsIdle)
        {
            await Task.Delay(1);
        }
    }
}
