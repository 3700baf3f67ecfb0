namespace TaskRunner.Generation.Exercises;

/// <summary>The result of an exercise.generate task.</summary>
public sealed record GenerationResult(
    IReadOnlyList<Guid> ExerciseIds,
    string Generator,
    string? Model,
    int Requested,
    int Generated,
    int InvalidDropped,
    int Attempts,
    int RegenerationRounds,
    string Retrieval,
    int ContextChunks);
