using TaskRunner.Generation.Llm;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Tests.Llm;

public sealed class PriorityConcurrencyLimiterTests
{
    private const string Resource = "llm";

    private static Task<IAsyncDisposable> AcquireAs(PriorityConcurrencyLimiter limiter, TaskPriority priority, int limit, CancellationToken ct = default)
    {
        using (AmbientTaskPriority.Enter(priority))
        {
            return limiter.AcquireAsync(Resource, limit, ct).AsTask();
        }
    }

    [Fact]
    public async Task A_freed_slot_goes_to_the_highest_priority_waiter_then_first_come_first_served()
    {
        var limiter = new PriorityConcurrencyLimiter(new LocalConcurrencyLimiter());
        var held = await AcquireAs(limiter, TaskPriority.Low, limit: 1);
        var low1 = AcquireAs(limiter, TaskPriority.Low, 1);
        var normal = AcquireAs(limiter, TaskPriority.Normal, 1);
        var low2 = AcquireAs(limiter, TaskPriority.Low, 1);
        var high = AcquireAs(limiter, TaskPriority.High, 1);
        Assert.Equal(4, limiter.WaitingFor(Resource, 1));

        var order = new List<string>();
        var waiting = new Dictionary<Task<IAsyncDisposable>, string> { [low1] = "low1", [normal] = "normal", [low2] = "low2", [high] = "high" };
        var current = held;
        while (waiting.Count > 0)
        {
            await current.DisposeAsync();
            var next = await Task.WhenAny(waiting.Keys);
            order.Add(waiting[next]);
            waiting.Remove(next);
            // With one slot only the granted waiter can hold it: no other may have completed meanwhile.
            Assert.All(waiting.Keys, w => Assert.False(w.IsCompleted));
            current = await next;
        }

        Assert.Equal(["high", "normal", "low1", "low2"], order);
        await current.DisposeAsync();
        Assert.Equal(0, limiter.WaitingFor(Resource, 1));
    }

    [Fact]
    public async Task A_cancelled_waiter_is_skipped_and_its_turn_passes_on()
    {
        var limiter = new PriorityConcurrencyLimiter(new LocalConcurrencyLimiter());
        var held = await AcquireAs(limiter, TaskPriority.Normal, limit: 1);
        using var cancel = new CancellationTokenSource();
        var cancelled = AcquireAs(limiter, TaskPriority.High, 1, cancel.Token);
        var low = AcquireAs(limiter, TaskPriority.Low, 1);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(low.IsCompleted);

        await held.DisposeAsync();
        await (await low).DisposeAsync();
        Assert.Equal(0, limiter.WaitingFor(Resource, 1));
    }

    [Fact]
    public async Task Up_to_the_limit_callers_pass_without_waiting_and_the_priority_is_read_from_the_running_task()
    {
        var limiter = new PriorityConcurrencyLimiter(new LocalConcurrencyLimiter());
        var first = await AcquireAs(limiter, TaskPriority.Low, limit: 2);
        var second = await AcquireAs(limiter, TaskPriority.Low, limit: 2);
        var low = AcquireAs(limiter, TaskPriority.Low, 2);
        var high = AcquireAs(limiter, TaskPriority.High, 2);
        Assert.Equal(TaskPriority.Normal, AmbientTaskPriority.Current);

        await first.DisposeAsync();
        Assert.Same(high, await Task.WhenAny(low, high));
        Assert.False(low.IsCompleted);
        await (await high).DisposeAsync();
        await second.DisposeAsync();
        await (await low).DisposeAsync();
    }
}
