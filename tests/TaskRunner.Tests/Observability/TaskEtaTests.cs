using TaskRunner.Tasks.Estimates;

namespace TaskRunner.Tests.Observability;

public sealed class TaskEtaTests
{
    [Fact]
    public void Without_history_the_eta_is_the_tasks_own_pace()
    {
        // A quarter done in 10 s: three quarters left at that pace.
        Assert.Equal(30, TaskEta.Estimate(0.25, 10, null));
    }

    [Fact]
    public void Early_in_the_typical_run_history_counts_most()
    {
        // 1 s into a typical 10 s run, a quarter done (ingestion parses fast, then embeds): pace says 3 s, history 9 s.
        // The pace has weight 1 / 10 / 0.5 = 0.2.
        Assert.Equal((0.2 * 3) + (0.8 * 9), TaskEta.Estimate(0.25, 1, 10)!.Value, precision: 6);
    }

    [Fact]
    public void From_half_the_typical_run_on_only_the_pace_counts()
    {
        Assert.Equal(10, TaskEta.Estimate(0.5, 10, 20));
        Assert.Equal(2.5, TaskEta.Estimate(0.8, 10, 12));
    }

    [Fact]
    public void Past_the_typical_run_time_the_pace_alone_counts()
    {
        Assert.Equal(30, TaskEta.Estimate(0.25, 10, 8));
    }

    [Fact]
    public void Before_any_progress_only_history_speaks_and_without_it_there_is_no_estimate()
    {
        Assert.Equal(35, TaskEta.Estimate(0, 5, 40));
        Assert.Null(TaskEta.Estimate(0, 5, null));
        Assert.Null(TaskEta.Estimate(0.01, 5, null));
    }

    [Fact]
    public void A_complete_task_has_nothing_left()
    {
        Assert.Equal(0, TaskEta.Estimate(1, 10, 100));
    }

    [Fact]
    public void The_typical_run_is_the_median_of_the_runs_nearest_in_size()
    {
        // Small inputs take 1-3 s, large ones 100-300 s; a large task is judged by the large runs only.
        var samples = new[] { 10, 12, 11, 9, 10, 13, 10_000, 12_000, 11_000, 9_000, 10_500 }
            .Select((size, i) => new DurationSample(size, size < 1000 ? 1 + (i % 3) : 100 + (100 * (i % 3))))
            .ToList();
        var large = TaskDurationHistory.Typical(samples, 10_000);
        Assert.InRange(large, 100, 300);
        var small = TaskDurationHistory.Typical(samples, 11);
        Assert.InRange(small, 1, 3);
    }
}
