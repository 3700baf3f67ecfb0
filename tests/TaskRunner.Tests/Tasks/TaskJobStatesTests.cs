using Hangfire.States;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Jobs;

namespace TaskRunner.Tests.Tasks;

/// <summary>The state a task job's outcome elects: a run handed to the executor keeps the job Processing.</summary>
public sealed class TaskJobStatesTests
{
    [Fact]
    public void A_run_handed_to_the_executor_stays_processing_on_its_server_and_its_end_elects_the_final_state()
    {
        var running = new ExecutorProcessingState("worker-1:42:abc", TaskJobOutcome.Running("worker-1:42:abc").Detail);
        Assert.Equal(ProcessingState.StateName, running.Name);
        Assert.False(running.IsFinal);
        var data = running.SerializeData();
        Assert.Equal("worker-1:42:abc", data["ServerId"]);
        Assert.Equal(ExecutorProcessingState.WorkerId, data["WorkerId"]);
        Assert.True(data.ContainsKey("StartedAt"));

        Assert.Equal(TaskJobOutcomeKind.Running, TaskJobOutcome.Running("s").Kind);
        Assert.Equal("s", TaskJobOutcome.Running("s").ServerId);
        Assert.Equal(TaskJobOutcomeKind.Failed, TaskJobOutcome.Failed(new TaskError("llm_bad_request", "no")).Kind);
    }
}
