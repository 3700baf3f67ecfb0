using TaskRunner.Tasks.Fencing;

namespace TaskRunner.Tasks.Pipelines;

/// <summary>
/// One step of a task type's pipeline (see <see cref="TaskDefinition{TInput}"/>). Steps are idempotent: running one
/// twice leaves the same result (deterministic ids, replace-not-append writes), because a dead worker's step runs again.
/// </summary>
public interface IPipelineStep<TInput>
    where TInput : class
{
    Task RunAsync(TaskRunContext<TInput> context, CancellationToken ct);

    /// <summary>
    /// Called once when the task fails for good while this step runs (a permanent error, or the last attempt of a
    /// transient one), just before the task is marked failed, so the step can leave what it owns in an honest state.
    /// Its writes hold <paramref name="fence"/>, the failing run's, like the step's own: a run that was presumed dead
    /// meanwhile must not mark failed what the run that replaced it is writing.
    /// </summary>
    Task OnFailedAsync(TaskRecord task, TaskError error, TaskFence fence, CancellationToken ct) => Task.CompletedTask;
}
