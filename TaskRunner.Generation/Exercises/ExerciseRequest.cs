namespace TaskRunner.Generation.Exercises;

/// <summary>
/// What to generate. Material is the topic, a pasted text and/or retrieved chunks (numbered from 1 in prompts,
/// so "source_chunks" in replies refer to positions in <paramref name="ContextChunks"/> starting at 1).
/// Language is "zh" or "en".
/// </summary>
public sealed record ExerciseRequest(
    string? Topic,
    string? Text,
    IReadOnlyList<string> ContextChunks,
    int Count,
    IReadOnlyList<ExerciseType> Types,
    Difficulty Difficulty,
    string Language = "zh");
