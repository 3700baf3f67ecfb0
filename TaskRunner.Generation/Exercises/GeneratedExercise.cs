using System.Text.Json.Serialization;

namespace TaskRunner.Generation.Exercises;

/// <summary>
/// One exercise. Answer holds: the option key (multiple choice), "true"/"false" (true/false), the blank's answer
/// with alternatives separated by "|" (fill in the blank), or a reference answer (short answer).
/// </summary>
public sealed record GeneratedExercise(
    ExerciseType Type,
    string Question,
    IReadOnlyList<ExerciseOption> Options,
    string Answer,
    string? Explanation,
    Difficulty Difficulty,
    [property: JsonPropertyName("source_chunks")] IReadOnlyList<int> SourceChunkOrdinals)
{
    /// <summary>Free text naming the source (a document title or quote), when there is one.</summary>
    public string? Source { get; init; }
}
