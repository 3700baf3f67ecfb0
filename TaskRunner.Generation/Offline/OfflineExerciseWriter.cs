using TaskRunner.Generation.Exercises;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Generation.Offline;

/// <summary>Writes exercises without an LLM, from the material's key sentences (see <see cref="OfflineExerciseGenerator"/>).</summary>
public sealed class OfflineExerciseWriter : IExerciseWriter
{
    public string Name => OfflineExerciseGenerator.GeneratorName;

    public string NothingWrittenMessage =>
        "The material is too thin to build exercises offline: add text or documents, or configure an LLM (Llm__BaseUrl).";

    public async Task<ExerciseWriteOutcome> WriteAsync(TaskRunContext context, ExerciseRequest request, ExerciseSink sink, CancellationToken ct)
    {
        await context.ReportAsync("generating", 0.3, "No LLM configured: building exercises offline from key sentences", ct);
        var generated = new OfflineExerciseGenerator().Generate(request);
        for (var i = 0; i < generated.Exercises.Count; i++)
        {
            await sink.SaveAsync(i, generated.Exercises[i], ct);
        }

        return new ExerciseWriteOutcome(null, 1, 0, 0);
    }
}
