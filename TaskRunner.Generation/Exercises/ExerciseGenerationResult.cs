namespace TaskRunner.Generation.Exercises;

/// <summary>Exercises and the generator that made them ("offline", or the model's name).</summary>
public sealed record ExerciseGenerationResult(IReadOnlyList<GeneratedExercise> Exercises, string Generator);
