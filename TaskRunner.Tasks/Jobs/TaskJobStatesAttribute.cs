using Hangfire.Common;
using Hangfire.States;

namespace TaskRunner.Tasks.Jobs;

/// <summary>
/// Makes a task's Hangfire job tell the truth in the dashboard: the job method never throws (the platform decides what
/// a failure means), so this filter turns the <see cref="TaskJobOutcome"/> it returns into the state that matches the
/// task: Failed with the task's error code, Deleted when canceled or carried on by another job, Succeeded only on success,
/// and still Processing when the run went on to the Worker's async executor (which later elects the final state the same way).
/// </summary>
public sealed class TaskJobStatesAttribute : JobFilterAttribute, IElectStateFilter
{
    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not SucceededState { Result: TaskJobOutcome outcome })
        {
            return;
        }

        context.CandidateState = outcome.Kind switch
        {
            TaskJobOutcomeKind.Failed => new FailedState(new TaskFailedException(outcome.Code ?? TaskErrorCodes.InternalError, outcome.Detail))
            {
                Reason = $"Task failed: {outcome.Code}",
            },
            TaskJobOutcomeKind.Canceled => new DeletedState { Reason = outcome.Detail },
            TaskJobOutcomeKind.Superseded => new DeletedState { Reason = outcome.Detail },
            TaskJobOutcomeKind.Running => new ExecutorProcessingState(outcome.ServerId ?? "unknown", outcome.Detail),
            _ => context.CandidateState,
        };
    }
}
