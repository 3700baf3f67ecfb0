using Microsoft.Extensions.Logging;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Generation.Exercises;

/// <summary>
/// The exercise.generate step: gathers material, then writes exercises with the configured <see cref="IExerciseWriter"/>.
/// A re-run first deletes the task's exercises (a first run has none), so it always ends with one set.
/// </summary>
public sealed partial class GenerateStep(
    ExerciseMaterialLoader materials,
    ExerciseStore exercises,
    IExerciseWriter writer,
    ILogger<GenerateStep> logger) : IPipelineStep<ExerciseGenerationInput>, IWaitingStep
{
    public async Task RunAsync(TaskRunContext<ExerciseGenerationInput> context, CancellationToken ct)
    {
        var input = context.Input;
        if (input.DocumentIds.Count > 0)
        {
            // Only documents take a search; pasted text or a topic alone is ready at once and needs no stage of its own.
            await context.ReportAsync("retrieving", 0.02, "Gathering material", ct);
        }

        var material = await materials.LoadAsync(context.Task.TenantId, input, ct);
        var request = new ExerciseRequest(
            input.Topic,
            input.DocumentIds.Count == 0 && material.Chunks.Count > 0 ? null : input.Text,
            material.Chunks,
            input.Count,
            input.Types,
            input.Difficulty,
            input.Language);

        if (!context.Task.IsFirstRun)
        {
            // An earlier run may have saved some exercises before it died; a first run has nothing to clear.
            await exercises.DeleteForTaskAsync(context.TaskId, null, ct, context.Fence);
        }

        var sink = new ExerciseSink(exercises, context.Task, input, material, writer.Name, context.Fence);
        var outcome = await writer.WriteAsync(context, request, sink, ct);
        if (sink.SavedCount == 0)
        {
            throw new PermanentTaskException(ExerciseErrorCodes.NoExercisesGenerated, writer.NothingWrittenMessage);
        }

        var result = new GenerationResult(sink.SavedIds, writer.Name, outcome.Model, request.Count, sink.SavedCount, outcome.InvalidDropped,
            outcome.Attempts, outcome.RegenerationRounds, material.RetrievalMode, material.Chunks.Count);
        LogGenerated(logger, context.TaskId, result.Generated, result.Requested, result.Generator);
        context.ResultJson = TaskJson.Serialize(result);
        context.ResultMessage = $"Generated {result.Generated} of {result.Requested} exercises ({result.Generator}).";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} generated {Generated} of {Requested} exercises with {Generator}")]
    private static partial void LogGenerated(ILogger logger, Guid taskId, int generated, int requested, string generator);
}
