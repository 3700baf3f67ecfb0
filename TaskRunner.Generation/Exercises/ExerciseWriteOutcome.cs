namespace TaskRunner.Generation.Exercises;

/// <summary>How writing a set went: the model that answered, attempts, invalid items dropped, regeneration rounds.</summary>
public sealed record ExerciseWriteOutcome(string? Model, int Attempts, int InvalidDropped, int RegenerationRounds);
