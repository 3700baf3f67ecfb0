namespace TaskRunner.Generation.Exercises;

/// <summary>Reads a true/false answer written in English or Chinese ("对", "错误", "yes", "×" ...).</summary>
public static class TrueFalseAnswer
{
    private static readonly HashSet<string> TrueWords = ["true", "t", "yes", "y", "1", "对", "正确", "是", "对的", "√", "✓", "✔", "right", "correct"];
    private static readonly HashSet<string> FalseWords = ["false", "f", "no", "n", "0", "错", "错误", "否", "错的", "不对", "不正确", "×", "✗", "✘", "x", "wrong", "incorrect"];

    /// <summary>True or false when the text is a recognised answer; null otherwise.</summary>
    public static bool? Parse(string? text)
    {
        var normalized = TextNormalizer.Normalize(text);
        if (TrueWords.Contains(normalized))
        {
            return true;
        }
        return FalseWords.Contains(normalized) ? false : null;
    }

    public static string ToAnswer(bool value) => value ? "true" : "false";
}
