using TaskRunner.Tasks;

namespace TaskRunner.Tests.Tasks;

public sealed class PriorityQueueTests
{
    [Fact]
    public void Priority_queues_sort_high_before_normal_before_low_as_hangfire_fetches_them()
    {
        var served = TaskQueues.Expand(TaskQueues.All);
        var alphabetical = served.Order(StringComparer.Ordinal).ToList();
        var byPriority = alphabetical.Select(q => q.StartsWith("0_", StringComparison.Ordinal) ? 0 : q.StartsWith("z_", StringComparison.Ordinal) ? 2 : 1).ToList();

        Assert.Equal(byPriority.Order(), byPriority);
        foreach (var family in TaskQueues.All)
        {
            var ordered = TaskQueues.PrioritiesOf(family).ToList();
            Assert.Equal(ordered, ordered.Order(StringComparer.Ordinal));
            Assert.Equal(ordered, ordered.Order(StringComparer.InvariantCulture));
        }
    }

    [Fact]
    public void A_priority_picks_a_queue_of_the_steps_family_and_normal_keeps_the_declared_one()
    {
        Assert.Equal("0_high_llm", TaskQueues.ForPriority(TaskQueues.Llm, TaskPriority.High));
        Assert.Equal("llm", TaskQueues.ForPriority(TaskQueues.Llm, TaskPriority.Normal));
        Assert.Equal("z_low_embed", TaskQueues.ForPriority(TaskQueues.Embed, TaskPriority.Low));
        Assert.All(TaskQueues.WithPriorities, q => Assert.Contains(TaskQueues.FamilyOf(q), TaskQueues.All));
        Assert.Matches("^[a-z0-9_-]+$", string.Concat(TaskQueues.WithPriorities));
    }

    [Fact]
    public void A_worker_configured_with_a_family_serves_its_three_priority_queues_and_a_priority_queue_alone()
    {
        Assert.Equal(["0_high_llm", "llm", "z_low_llm"], TaskQueues.Expand(["llm"]));
        Assert.Equal(["0_high_llm"], TaskQueues.Expand(["0_high_llm"]));
    }

    [Theory]
    [InlineData("low", TaskPriority.Low)]
    [InlineData("HIGH", TaskPriority.High)]
    [InlineData(" normal ", TaskPriority.Normal)]
    public void Priority_names_parse_in_any_case(string name, TaskPriority expected)
    {
        Assert.True(TaskPriorityNames.TryParse(name, out var parsed));
        Assert.Equal(expected, parsed);
        Assert.False(TaskPriorityNames.TryParse("urgent", out _));
    }
}
