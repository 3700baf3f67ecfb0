using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Generation.Exercises;

/// <summary>
/// Writes a set of exercises into a sink: with the LLM when one is configured, offline otherwise. Which one is
/// decided once, when services are registered (see <see cref="GenerationServiceCollectionExtensions"/>).
/// </summary>
public interface IExerciseWriter
{
    /// <summary>"llm" or "offline", stored on each exercise and in the task's result.</summary>
    string Name { get; }

    /// <summary>Why nothing usable came out, for the task's error when no exercise was saved.</summary>
    string NothingWrittenMessage { get; }

    Task<ExerciseWriteOutcome> WriteAsync(TaskRunContext context, ExerciseRequest request, ExerciseSink sink, CancellationToken ct);
}
