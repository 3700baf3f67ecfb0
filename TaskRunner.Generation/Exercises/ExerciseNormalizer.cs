using System.Text.RegularExpressions;

namespace TaskRunner.Generation.Exercises;

/// <summary>Puts answers into canonical form: choice answers as a key ("B"), true/false as "true"/"false".</summary>
public static partial class ExerciseNormalizer
{
    public static GeneratedExercise Normalize(GeneratedExercise exercise)
    {
        var options = exercise.Options
            .Select(o => o with { Key = o.Key.Trim().TrimEnd('.', '、', ')', ':').ToUpperInvariant(), Text = o.Text.Trim() })
            .ToList();
        var answer = exercise.Answer.Trim();
        switch (exercise.Type)
        {
            case ExerciseType.MultipleChoice when ChoiceKeys(answer, options) is [var key]:
                answer = key;
                break;
            case ExerciseType.TrueFalse when TrueFalseAnswer.Parse(answer) is { } value:
                answer = TrueFalseAnswer.ToAnswer(value);
                break;
        }
        return exercise with { Options = options, Answer = answer, Question = exercise.Question.Trim() };
    }

    public static bool IsOptionKey(string? key) =>
        key is not null && key.Trim() is [var c] && char.ToUpperInvariant(c) is >= 'A' and <= 'F';

    /// <summary>
    /// The option keys an answer names: "B", "b.", "(B)", "选B", "B. Paris" or the text of an option; "A,C" gives two.
    /// </summary>
    public static IReadOnlyList<string> ChoiceKeys(string answer, IReadOnlyList<ExerciseOption> options)
    {
        var normalized = TextNormalizer.Normalize(answer);
        if (normalized.Length == 0)
        {
            return [];
        }
        var byText = options.FirstOrDefault(o => TextNormalizer.Normalize(o.Text) == normalized);
        if (byText is not null)
        {
            return [byText.Key.Trim().ToUpperInvariant()];
        }
        var single = SingleKeyPattern().Match(normalized);
        if (single.Success)
        {
            return [single.Groups[1].Value.ToUpperInvariant()];
        }
        var several = SeveralKeysPattern().Match(normalized);
        if (several.Success)
        {
            return several.Groups[1].Value.Where(char.IsLetter).Select(c => char.ToUpperInvariant(c).ToString()).Distinct().ToList();
        }
        return [];
    }

    // "b", "(b)", "选b", "答案:b", "b. paris", "b) paris" (already lower-cased and NFKC-folded).
    [GeneratedRegex(@"^(?:选|答案\s*[:是为]?\s*|answer\s*:?\s*|option\s*)?\(?([a-f])\)?(?:$|[\s.:、)]\s*)")]
    private static partial Regex SingleKeyPattern();

    [GeneratedRegex(@"^([a-f](?:\s*(?:,|、|/|和|&|and)\s*[a-f])+)$")]
    private static partial Regex SeveralKeysPattern();
}
