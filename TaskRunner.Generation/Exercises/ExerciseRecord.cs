using System.Text.Json;

namespace TaskRunner.Generation.Exercises;

/// <summary>A row of the exercises table. Options and Source are JSON text (jsonb columns).</summary>
public sealed class ExerciseRecord
{
    public Guid Id { get; init; }
    public string TenantId { get; init; } = "default";
    public Guid TaskId { get; init; }
    public Guid[] DocumentIds { get; init; } = [];

    /// <summary>Position within its generation task, from 0.</summary>
    public int Ordinal { get; init; }
    public string Type { get; init; } = "";
    public string Question { get; init; } = "";
    public string Options { get; init; } = "[]";
    public string Answer { get; init; } = "";
    public string? Explanation { get; init; }
    public string Difficulty { get; init; } = "medium";
    public string Language { get; init; } = "zh";
    public string? Source { get; init; }

    /// <summary>"llm" or "offline".</summary>
    public string Generator { get; init; } = "";
    public DateTime CreatedAt { get; init; }

    public IReadOnlyList<ExerciseOption> OptionList =>
        JsonSerializer.Deserialize<List<ExerciseOption>>(Options, ExerciseJson.Options) ?? [];

    /// <summary>The exercise as the grading library sees it.</summary>
    public GeneratedExercise ToGenerated() => new(
        ExerciseTypeNames.Parse(Type) ?? ExerciseType.ShortAnswer,
        Question,
        OptionList,
        Answer,
        Explanation,
        Difficulty switch { "easy" => Exercises.Difficulty.Easy, "hard" => Exercises.Difficulty.Hard, _ => Exercises.Difficulty.Medium },
        []);
}
