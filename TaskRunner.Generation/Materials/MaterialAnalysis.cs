using TaskRunner.Generation.Exercises;

namespace TaskRunner.Generation.Materials;

/// <summary>What the material is about, how hard it reads, and which exercise types suit it.</summary>
public sealed record MaterialAnalysis(
    string Summary,
    IReadOnlyList<string> KeyPoints,
    Difficulty Difficulty,
    IReadOnlyList<ExerciseType> SuggestedTypes);
