namespace TaskRunner.Generation.Exercises;

/// <summary>The input of an exercise.generate task, validated by the Api. Language is "zh" or "en".</summary>
public sealed record ExerciseGenerationInput(
    string? Topic,
    string? Text,
    IReadOnlyList<Guid> DocumentIds,
    int Count,
    IReadOnlyList<ExerciseType> Types,
    Difficulty Difficulty,
    string Language);
