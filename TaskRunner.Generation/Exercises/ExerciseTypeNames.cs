using TaskRunner.Tasks;

namespace TaskRunner.Generation.Exercises;

/// <summary>Wire names ("multiple_choice") and display names in Chinese and English.</summary>
public static class ExerciseTypeNames
{
    public static string Wire(ExerciseType type) => WireName.Of(type);

    public static string Wire(Difficulty difficulty) => WireName.Of(difficulty);

    public static ExerciseType? Parse(string? wire) => WireName.TryParse<ExerciseType>(wire, out var type) ? type : null;

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
