using TaskRunner.Retrieval;

namespace TaskRunner.Tests.Retrieval;

/// <summary>The freshness rule of the Api's in-memory copies (vector cache, lexical index), on a hand-driven clock.</summary>
public sealed class FreshOrRefreshTests
{
    private const int IntervalMs = 1000;

    [Fact]
    public void A_copy_refreshed_within_the_interval_is_used_as_it_is_and_starts_nothing()
    {
        var (slot, clock) = (new Slot { Current = "v1", RefreshedAtTimestamp = 0 }, new Clock(999));
        var started = 0;

        var ready = FreshOrRefresh.Decide(slot, clock, clock.GetTimestamp(), IntervalMs, changed: false, () => Refresh(ref started, "v2"), out var pending);

        Assert.Equal("v1", ready);
        Assert.Null(pending);
        Assert.Equal(0, Volatile.Read(ref started));
    }

    [Fact]
    public async Task A_stale_copy_starts_one_refresh_that_a_later_stale_search_does_not_wait_for()
    {
        var (slot, clock) = (new Slot { Current = "v1", RefreshedAtTimestamp = 0 }, new Clock(1000));
        var gate = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;

        var first = FreshOrRefresh.Decide(slot, clock, clock.GetTimestamp(), IntervalMs, changed: false, () => { Interlocked.Increment(ref started); return gate.Task; }, out var firstPending);
        var second = FreshOrRefresh.Decide(slot, clock, clock.GetTimestamp(), IntervalMs, changed: false, () => { Interlocked.Increment(ref started); return gate.Task; }, out var secondPending);

        Assert.Null(first);
        Assert.NotNull(firstPending);
        Assert.Equal("v1", second); // as it is, while the other search's refresh runs
        Assert.Null(secondPending);
        gate.SetResult("v2");
        Assert.Equal("v2", await firstPending!);
        Assert.Equal(1, Volatile.Read(ref started));
    }

    [Fact]
    public async Task With_no_interval_every_search_waits_for_the_refresh_in_flight_and_shares_it()
    {
        var (slot, clock) = (new Slot { Current = "v1", RefreshedAtTimestamp = 0 }, new Clock(0));
        var gate = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);

        FreshOrRefresh.Decide(slot, clock, 0, 0, changed: false, () => gate.Task, out var first);
        FreshOrRefresh.Decide(slot, clock, 0, 0, changed: false, () => Task.FromResult<string?>("other"), out var second);

        Assert.NotNull(first);
        Assert.Same(slot.Refreshing, second);
        gate.SetResult("v2");
        Assert.Equal("v2", await second!);
    }

    [Fact]
    public async Task A_changed_copy_is_refreshed_even_within_the_interval_and_a_cold_slot_waits_for_its_load()
    {
        var clock = new Clock(10);
        var changed = new Slot { Current = "v1", RefreshedAtTimestamp = 0 };
        var cold = new Slot();
        var started = 0;

        var changedReady = FreshOrRefresh.Decide(changed, clock, clock.GetTimestamp(), IntervalMs, changed: true, () => Refresh(ref started, "v2"), out var changedPending);
        var coldReady = FreshOrRefresh.Decide(cold, clock, clock.GetTimestamp(), IntervalMs, changed: false, () => Refresh(ref started, "loaded"), out var coldPending);

        Assert.Null(changedReady);
        Assert.Equal("v2", await changedPending!);
        Assert.Null(coldReady);
        Assert.Equal("loaded", await coldPending!);
        Assert.Equal(2, Volatile.Read(ref started));
    }

    private static Task<string?> Refresh(ref int started, string value)
    {
        Interlocked.Increment(ref started);
        return Task.FromResult<string?>(value);
    }

    private sealed class Slot : IRefreshedSlot<string>
    {
        public string? Current { get; init; }

        public long RefreshedAtTimestamp { get; init; }

        public Task<string?>? Refreshing { get; set; }
    }

    /// <summary>Timestamps in milliseconds, standing still at <paramref name="now"/>.</summary>
    private sealed class Clock(long now) : TimeProvider
    {
        public override long TimestampFrequency => 1000;

        public override long GetTimestamp() => now;
    }
}
