namespace TaskRunner.Worker.Tasks;

/// <summary>
/// One step of a task pipeline (see TaskPipelines). Steps are idempotent: running one twice leaves the same
/// result (deterministic ids, replace-not-append writes), because a dead worker's step is run again.
/// </summary>
public interface IPipelineStep
{
    string Name { get; }

    Task RunAsync(TaskRunContext context, CancellationToken ct);
}
