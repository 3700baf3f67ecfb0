using System.Globalization;
using System.Text;
using TaskRunner.Generation.Exercises;

namespace TaskRunner.Generation.Offline;

/// <summary>
/// Grades a short answer without an LLM: the share of the reference answer's words (English) or character pairs
/// (Chinese) that the answer contains. Crude, and the feedback says so.
/// </summary>
public sealed class OfflineShortAnswerGrader : IShortAnswerGrader
{
    public const string GraderName = "offline";

    public string Name => GraderName;

    public Task<GradedAnswer> GradeAsync(ExerciseRecord exercise, string answer, CancellationToken ct) =>
        Task.FromResult(new GradedAnswer(Grade(exercise.Answer, answer, exercise.Language == "zh"), null));

    public static ShortAnswerGrade Grade(string reference, string answer, bool chinese)
    {
        var expected = Units(reference);
        var given = Units(answer);
        var score = expected.Count == 0 ? 0 : (double)expected.Count(given.Contains) / expected.Count;
        var percent = (int)Math.Round(score * 100);
        var feedback = chinese
            ? $"离线评分（未配置大模型）：你的答案覆盖了参考答案约 {percent}% 的要点词。参考答案：{reference}"
            : $"Graded offline (no LLM configured): your answer covers about {percent}% of the reference answer's key words. Reference answer: {reference}";
        return new ShortAnswerGrade(Math.Round(score, 3), feedback);
    }

    /// <summary>Lower-cased words of 3+ letters, plus every pair of adjacent CJK characters.</summary>
    private static HashSet<string> Units(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);
        var units = new HashSet<string>(StringComparer.Ordinal);
        var word = new StringBuilder();
        char? previousCjk = null;
        foreach (var c in normalized + " ")
        {
            var cjk = c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf';
            if (cjk)
            {
                if (previousCjk is { } p)
                {
                    units.Add(string.Concat(p, c));
                }

                previousCjk = c;
            }
            else
            {
                previousCjk = null;
            }

            if (char.IsLetterOrDigit(c) && !cjk)
            {
                word.Append(c);
                continue;
            }

            if (word.Length >= 3)
            {
                units.Add(word.ToString());
            }

            word.Clear();
        }

        return units;
    }
}
