using Hangfire.Common;
using Hangfire.States;

namespace TaskRunner.Tasks.Jobs;

/// <summary>
/// Makes a task's Hangfire job tell the truth in the dashboard: Failed with the task's error code, Deleted when canceled
/// or carried on by another job, Succeeded only on success, and still Processing when the run went on to the Worker's
/// async executor. A failed run's job method throws <see cref="TaskFailedException"/>, so Hangfire elects Failed at once
/// and this filter only names the code in its reason; the other outcomes come back as the job's result, which this
/// filter turns into their state. (Hangfire keeps every candidate an election replaces in the job's history, which is
/// why a failure is thrown rather than returned: its history then never shows a Succeeded it did not have.)
/// </summary>
public sealed class TaskJobStatesAttribute : JobFilterAttribute, IElectStateFilter
{
    public void OnStateElection(ElectStateContext context)
    {
        switch (context.CandidateState)
        {
            case FailedState { Exception: TaskFailedException failure } failed:
                failed.Reason = ReasonFor(failure.Code);
                break;
            case SucceededState { Result: TaskJobOutcome outcome } succeeded when outcome.Kind != TaskJobOutcomeKind.Succeeded:
                context.CandidateState = StateFor(outcome, succeeded);
                break;
        }
    }

    /// <summary>The state a job whose run ended with <paramref name="outcome"/> belongs in (the executor elects it directly).</summary>
    public static IState StateFor(TaskJobOutcome outcome, SucceededState succeeded) => outcome.Kind switch
    {
        TaskJobOutcomeKind.Failed => new FailedState(new TaskFailedException(outcome.Code ?? TaskErrorCodes.InternalError, outcome.Detail))
        {
            Reason = ReasonFor(outcome.Code ?? TaskErrorCodes.InternalError),
        },
        TaskJobOutcomeKind.Canceled => new DeletedState { Reason = outcome.Detail },
        TaskJobOutcomeKind.Superseded => new DeletedState { Reason = outcome.Detail },
        TaskJobOutcomeKind.Running => new ExecutorProcessingState(outcome.ServerId ?? "unknown", outcome.Detail),
        _ => succeeded,
    };

    private static string ReasonFor(string code) => $"Task failed: {code}";
}
