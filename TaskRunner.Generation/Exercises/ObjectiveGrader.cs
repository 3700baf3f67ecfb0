namespace TaskRunner.Generation.Exercises;

/// <summary>
/// Grades multiple choice, true/false and fill in the blank without an LLM. Comparisons ignore case, full-width
/// vs half-width forms, surrounding spaces and trailing punctuation. Short answers are not objective: use
/// <see cref="ShortAnswerGradingPrompt"/>.
/// </summary>
public static class ObjectiveGrader
{
    private static readonly char[] AlternativeSeparators = ['|', ';'];

    public static bool IsObjective(ExerciseType type) => type != ExerciseType.ShortAnswer;

    /// <exception cref="ArgumentException">The exercise is a short answer.</exception>
    public static GradeResult Grade(GeneratedExercise exercise, string? answer)
    {
        var expected = ExerciseNormalizer.Normalize(exercise);
        var correct = expected.Type switch
        {
            ExerciseType.MultipleChoice => GradeChoice(expected, answer),
            ExerciseType.TrueFalse => TrueFalseAnswer.Parse(answer) is { } given && TrueFalseAnswer.Parse(expected.Answer) == given,
            ExerciseType.FillInBlank => AcceptedAnswers(expected.Answer).Contains(TextNormalizer.Normalize(answer)),
            _ => throw new ArgumentException("Short answers need LLM grading (ShortAnswerGradingPrompt).", nameof(exercise)),
        };
        return new GradeResult(correct, ExpectedAnswer(expected), expected.Explanation);
    }

    /// <summary>The accepted answers of a fill-in-the-blank, normalised ("|", "；" or ";" separate alternatives).</summary>
    public static IReadOnlySet<string> AcceptedAnswers(string answer) =>
        answer.Normalize(System.Text.NormalizationForm.FormKC)
            .Split(AlternativeSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(TextNormalizer.Normalize)
            .Where(a => a.Length > 0)
            .ToHashSet(StringComparer.Ordinal);

    private static bool GradeChoice(GeneratedExercise exercise, string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return false;
        }
        var given = ExerciseNormalizer.ChoiceKeys(answer, exercise.Options);
        return given is [var key] && string.Equals(key, exercise.Answer, StringComparison.OrdinalIgnoreCase);
    }

    private static string ExpectedAnswer(GeneratedExercise exercise)
    {
        if (exercise.Type != ExerciseType.MultipleChoice)
        {
            return exercise.Answer;
        }
        var option = exercise.Options.FirstOrDefault(o => string.Equals(o.Key, exercise.Answer, StringComparison.OrdinalIgnoreCase));
        return option is null ? exercise.Answer : $"{option.Key}. {option.Text}";
    }
}
