using TaskRunner.Tasks;
using TaskRunner.Tasks.Jobs;
using TaskRunner.Tasks.Pipelines;
using TaskRunner.Worker.Execution;
using TaskRunner.Worker.Hosting;

namespace TaskRunner.Worker.Tasks;

/// <summary>
/// The Hangfire job of a task: claims the task, then runs it. A step that waits (<see cref="IWaitingStep"/>) goes to
/// the <see cref="AsyncStepExecutor"/> while it has room, and the job returns at once, its job left Processing until
/// the executor ends it; any other step, or a waiting one when the executor is full, runs here on the Hangfire thread,
/// and a run that fails throws <see cref="TaskFailedException"/> so that its job goes straight to Failed.
/// </summary>
public sealed partial class TaskJob(
    TaskTracker tracker,
    TaskCatalog catalog,
    AsyncStepExecutor executor,
    TaskRun run,
    WorkerIdentity identity,
    IServiceProvider services,
    ILogger<TaskJob> logger) : ITaskJob
{
    public async Task<TaskJobOutcome> RunAsync(Guid taskId, Guid dispatchId, CancellationToken cancellationToken)
    {
        var task = await tracker.TryStartAsync(taskId, dispatchId, identity.Id, cancellationToken);
        if (task is null)
        {
            LogNotClaimed(taskId, dispatchId);
            return TaskJobOutcome.Superseded(TaskJobOutcome.NotClaimedReason);
        }

        if (StepWaits(task) && PerformingTaskJobs.TryGet(dispatchId, out var job) && executor.TryStart(task, job.JobId))
        {
            return TaskJobOutcome.Running(job.ServerId);
        }

        var outcome = await run.RunAsync(task, cancellationToken);
        // Thrown, not returned: Hangfire then elects Failed at once, and the job's history shows no Succeeded before it
        // (see TaskJobStatesAttribute). The task itself is already failed and its error recorded; this only tells Hangfire.
        return outcome.Kind == TaskJobOutcomeKind.Failed
            ? throw new TaskFailedException(outcome.Code ?? TaskErrorCodes.InternalError, outcome.Detail)
            : outcome;
    }

    private bool StepWaits(TaskRecord task) =>
        catalog.TryGet(task.Type, out var definition) && task.Step < definition.Steps.Count && definition.StepWaits(services, task.Step, task);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} not started by dispatch {DispatchId}: already taken, final, canceled, re-dispatched or deferred by its tenant cap")]
    private partial void LogNotClaimed(Guid taskId, Guid dispatchId);
}
