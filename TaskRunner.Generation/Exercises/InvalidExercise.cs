namespace TaskRunner.Generation.Exercises;

/// <summary>An item to regenerate: its raw JSON as the model wrote it, its type if known, and what was wrong.</summary>
public sealed record InvalidExercise(string RawJson, ExerciseType? Type, IReadOnlyList<string> Problems);
