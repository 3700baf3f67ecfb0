using TaskRunner.Tasks;

namespace TaskRunner.Tests.Tasks;

public sealed class TaskStateMachineTests
{
    public static TheoryData<TaskTransition, TaskRunStatus> Allowed => new()
    {
        { TaskTransition.Start, TaskRunStatus.Queued },
        { TaskTransition.Succeed, TaskRunStatus.Running },
        { TaskTransition.Fail, TaskRunStatus.Running },
        { TaskTransition.Fail, TaskRunStatus.Queued },
        { TaskTransition.CancelQueued, TaskRunStatus.Queued },
        { TaskTransition.ConfirmCancel, TaskRunStatus.Running },
        { TaskTransition.Requeue, TaskRunStatus.Running },
        { TaskTransition.Retry, TaskRunStatus.Failed },
        { TaskTransition.Retry, TaskRunStatus.Canceled },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Listed_transitions_apply(TaskTransition transition, TaskRunStatus from) =>
        Assert.True(TaskStateMachine.CanApply(transition, from));

    [Fact]
    public void Nothing_but_an_explicit_retry_leaves_a_final_state()
    {
        var finals = Enum.GetValues<TaskRunStatus>().Where(s => s.IsFinal()).ToList();
        Assert.Equal(3, finals.Count);
        foreach (var transition in Enum.GetValues<TaskTransition>().Where(t => t != TaskTransition.Retry))
        {
            Assert.All(finals, f => Assert.False(TaskStateMachine.CanApply(transition, f), $"{transition} must not apply to {f}"));
        }
    }

    [Fact]
    public void A_succeeded_task_cannot_even_be_retried()
    {
        Assert.False(TaskStateMachine.CanApply(TaskTransition.Retry, TaskRunStatus.Succeeded));
        Assert.False(TaskStateMachine.CanApply(TaskTransition.Start, TaskRunStatus.Running));
        Assert.False(TaskStateMachine.CanApply(TaskTransition.Succeed, TaskRunStatus.Queued));
    }

    [Theory]
    [InlineData("queued", TaskRunStatus.Queued)]
    [InlineData("SUCCEEDED", TaskRunStatus.Succeeded)]
    [InlineData("canceled", TaskRunStatus.Canceled)]
    public void Status_names_round_trip(string name, TaskRunStatus status)
    {
        Assert.True(TaskRunStatusNames.TryParse(name, out var parsed));
        Assert.Equal(status, parsed);
        Assert.Equal(name.ToLowerInvariant(), parsed.ToName());
    }

    [Fact]
    public void Unknown_status_names_are_rejected() => Assert.False(TaskRunStatusNames.TryParse("exploded", out _));
}
