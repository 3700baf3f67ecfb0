using System.Text.RegularExpressions;

namespace TaskRunner.Generation.Exercises;

/// <summary>Checks an exercise is usable; returns the problems found (empty when valid). Never throws for bad content.</summary>
public static partial class ExerciseValidator
{
    public const int MinOptions = 2;
    public const int MaxOptions = 6;

    public static bool IsValid(GeneratedExercise exercise) => Validate(exercise).Count == 0;

    public static IReadOnlyList<string> Validate(GeneratedExercise exercise)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(exercise.Question))
        {
            problems.Add("question is empty");
        }
        if (string.IsNullOrWhiteSpace(exercise.Answer))
        {
            problems.Add("answer is missing");
        }
        switch (exercise.Type)
        {
            case ExerciseType.MultipleChoice:
                ValidateChoice(exercise, problems);
                break;
            case ExerciseType.TrueFalse when !string.IsNullOrWhiteSpace(exercise.Answer) && TrueFalseAnswer.Parse(exercise.Answer) is null:
                problems.Add($"true/false answer \"{exercise.Answer}\" is neither true nor false");
                break;
            case ExerciseType.FillInBlank when !HasBlank(exercise.Question):
                problems.Add("fill-in-the-blank question has no blank (____ or （ ）)");
                break;
        }
        return problems;
    }

    /// <summary>True when the text has a blank marker: two or more underscores, or empty brackets （ ） / ( ).</summary>
    public static bool HasBlank(string? question) => question is not null && BlankPattern().IsMatch(question);

    private static void ValidateChoice(GeneratedExercise exercise, List<string> problems)
    {
        var options = exercise.Options;
        if (options.Count is < MinOptions or > MaxOptions)
        {
            problems.Add($"multiple choice needs {MinOptions}–{MaxOptions} options, has {options.Count}");
        }
        if (options.Any(o => string.IsNullOrWhiteSpace(o.Text)))
        {
            problems.Add("an option has no text");
        }
        if (options.Any(o => !ExerciseNormalizer.IsOptionKey(o.Key)))
        {
            problems.Add("option keys must be single letters A–F");
        }
        var keys = options.Select(o => o.Key.Trim().ToUpperInvariant()).ToList();
        if (keys.Distinct().Count() != keys.Count)
        {
            problems.Add("option keys are not unique");
        }
        var texts = options.Select(o => TextNormalizer.Normalize(o.Text)).Where(t => t.Length > 0).ToList();
        if (texts.Distinct().Count() != texts.Count)
        {
            problems.Add("two options have the same text");
        }
        if (string.IsNullOrWhiteSpace(exercise.Answer))
        {
            return;
        }
        var answerKeys = ExerciseNormalizer.ChoiceKeys(exercise.Answer, options);
        if (answerKeys.Count != 1)
        {
            problems.Add($"multiple choice needs exactly one correct answer, \"{exercise.Answer}\" gives {answerKeys.Count}");
        }
        else if (!keys.Contains(answerKeys[0]))
        {
            problems.Add($"answer \"{exercise.Answer}\" matches no option key");
        }
    }

    [GeneratedRegex(@"_{2,}|＿{2,}|（\s*）|\(\s*\)|【\s*】|\[\s*\]")]
    private static partial Regex BlankPattern();
}
