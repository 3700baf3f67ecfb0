namespace TaskRunner.Tasks.Pipelines;

/// <summary>
/// One step of a task type's pipeline (see <see cref="TaskDefinition{TInput}"/>). Steps are idempotent: running one
/// twice leaves the same result (deterministic ids, replace-not-append writes), because a dead worker's step runs again.
/// </summary>
public interface IPipelineStep<TInput>
    where TInput : class
{
    Task RunAsync(TaskRunContext<TInput> context, CancellationToken ct);
}
