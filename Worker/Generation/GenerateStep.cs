using TaskRunner.Generation.Exercises;
using TaskRunner.Generation.Llm;
using TaskRunner.Tasks;
using TaskRunner.Worker.Tasks;

namespace TaskRunner.Worker.Generation;

/// <summary>
/// The exercise.generate step: gathers material, then writes exercises with the LLM when one is configured, or with
/// the offline generator otherwise. A re-run first deletes the task's exercises, so it always ends with one set.
/// </summary>
public sealed partial class GenerateStep(
    ExerciseMaterialLoader materials,
    ExerciseStore exercises,
    ILoggerFactory loggers,
    ILogger<GenerateStep> logger,
    ILlmClient? llm = null) : IPipelineStep
{
    public string Name => "generate";

    public async Task RunAsync(TaskRunContext context, CancellationToken ct)
    {
        var input = context.Input<ExerciseGenerationInput>()
            ?? throw new PermanentTaskException("invalid_input", "The task has no generation input.");
        await context.ReportAsync("retrieving", 0.02, "Gathering material", ct);
        var material = await materials.LoadAsync(context.Task.TenantId, input, ct);
        var request = new ExerciseRequest(
            input.Topic,
            input.DocumentIds.Count == 0 && material.Chunks.Count > 0 ? null : input.Text,
            material.Chunks,
            input.Count,
            input.Types,
            input.Difficulty,
            input.Language);

        await exercises.DeleteForTaskAsync(context.TaskId, null, ct);
        var generator = llm is null ? OfflineExerciseGenerator.GeneratorName : "llm";
        var sink = new ExerciseSink(exercises, context.Task, input, material, generator);
        var result = llm is null
            ? await GenerateOfflineAsync(context, request, sink, material, ct)
            : await GenerateWithLlmAsync(context, llm, request, sink, material, ct);

        if (result.Generated == 0)
        {
            throw new PermanentTaskException("no_exercises_generated", llm is null
                ? "The material is too thin to build exercises offline: add text or documents, or configure an LLM (Llm__BaseUrl)."
                : "The LLM wrote no valid exercise, even after regenerating the invalid ones.");
        }

        LogGenerated(logger, context.TaskId, result.Generated, result.Requested, result.Generator);
        context.ResultJson = TaskJson.Serialize(result);
        context.ResultMessage = $"Generated {result.Generated} of {result.Requested} exercises ({result.Generator}).";
    }

    private async Task<GenerationResult> GenerateWithLlmAsync(
        TaskRunContext context, ILlmClient client, ExerciseRequest request, ExerciseSink sink, ExerciseMaterial material, CancellationToken ct)
    {
        await context.ReportAsync("generating", 0.1, $"Asking the LLM for {request.Count} exercises", ct);
        var tokens = new TokenBatcher(context.PublishTextAsync);
        var writer = new LlmExerciseWriter(client, loggers.CreateLogger<LlmExerciseWriter>());
        var outcome = await writer.WriteAsync(request, sink, tokens, token =>
            context.ReportAsync("generating", 0.1 + (0.85 * sink.SavedCount / request.Count), $"Saved {sink.SavedCount} of {request.Count} exercises", token), ct);
        return new GenerationResult(sink.SavedIds, "llm", outcome.Model, request.Count, sink.SavedCount, outcome.InvalidDropped,
            outcome.Attempts, outcome.RegenerationRounds, material.RetrievalMode, material.Chunks.Count);
    }

    private static async Task<GenerationResult> GenerateOfflineAsync(
        TaskRunContext context, ExerciseRequest request, ExerciseSink sink, ExerciseMaterial material, CancellationToken ct)
    {
        await context.ReportAsync("generating", 0.3, "No LLM configured: building exercises offline from key sentences", ct);
        var generated = new OfflineExerciseGenerator().Generate(request);
        for (var i = 0; i < generated.Exercises.Count; i++)
        {
            await sink.SaveAsync(i, generated.Exercises[i], ct);
        }

        return new GenerationResult(sink.SavedIds, OfflineExerciseGenerator.GeneratorName, null, request.Count, sink.SavedCount, 0, 1, 0,
            material.RetrievalMode, material.Chunks.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} generated {Generated} of {Requested} exercises with {Generator}")]
    private static partial void LogGenerated(ILogger logger, Guid taskId, int generated, int requested, string generator);
}
