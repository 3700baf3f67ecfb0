namespace TaskRunner.Generation.Exercises;

/// <summary>Wire names ("multiple_choice") and display names in Chinese and English.</summary>
public static class ExerciseTypeNames
{
    public static string Wire(ExerciseType type) => type switch
    {
        ExerciseType.MultipleChoice => "multiple_choice",
        ExerciseType.FillInBlank => "fill_in_blank",
        ExerciseType.TrueFalse => "true_false",
        _ => "short_answer",
    };

    public static string Wire(Difficulty difficulty) => difficulty switch
    {
        Difficulty.Easy => "easy",
        Difficulty.Hard => "hard",
        _ => "medium",
    };

    public static ExerciseType? Parse(string? wire) => wire?.Trim().ToLowerInvariant() switch
    {
        "multiple_choice" => ExerciseType.MultipleChoice,
        "fill_in_blank" => ExerciseType.FillInBlank,
        "true_false" => ExerciseType.TrueFalse,
        "short_answer" => ExerciseType.ShortAnswer,
        _ => null,
    };

    public static string Display(ExerciseType type, bool chinese) => (type, chinese) switch
    {
        (ExerciseType.MultipleChoice, true) => "单项选择题",
        (ExerciseType.FillInBlank, true) => "填空题",
        (ExerciseType.TrueFalse, true) => "判断题",
        (ExerciseType.ShortAnswer, true) => "简答题",
        (ExerciseType.MultipleChoice, false) => "multiple choice",
        (ExerciseType.FillInBlank, false) => "fill in the blank",
        (ExerciseType.TrueFalse, false) => "true/false",
        _ => "short answer",
    };
}
