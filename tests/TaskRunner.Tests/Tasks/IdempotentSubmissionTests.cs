using TaskRunner.Tasks;

namespace TaskRunner.Tests.Tasks;

public sealed class IdempotentSubmissionTests
{
    [Fact]
    public void A_rerun_under_the_same_seed_gets_the_same_task_ids_in_order()
    {
        var seed = Guid.NewGuid();
        var first = IdsUnder(seed, 3);
        var again = IdsUnder(seed, 3);
        var other = IdsUnder(Guid.NewGuid(), 3);

        Assert.Equal(first, again);
        Assert.Equal(3, first.Distinct().Count());
        Assert.Empty(first.Intersect(other));
    }

    [Fact]
    public void Outside_a_scope_there_is_no_derived_id()
    {
        Assert.Null(IdempotentSubmission.NextTaskId());
        using (IdempotentSubmission.Begin(Guid.NewGuid()))
        {
            Assert.NotNull(IdempotentSubmission.NextTaskId());
        }

        Assert.Null(IdempotentSubmission.NextTaskId());
    }

    private static List<Guid> IdsUnder(Guid seed, int count)
    {
        using (IdempotentSubmission.Begin(seed))
        {
            return Enumerable.Range(0, count).Select(_ => IdempotentSubmission.NextTaskId()!.Value).ToList();
        }
    }
}
