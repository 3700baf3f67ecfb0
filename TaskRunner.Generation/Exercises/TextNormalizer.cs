using System.Text;

namespace TaskRunner.Generation.Exercises;

/// <summary>Normalises short answers for comparison: NFKC (full-width → half-width), trimmed, lower-case, single spaces, no trailing punctuation.</summary>
public static class TextNormalizer
{
    private static readonly char[] TrailingPunctuation = ['.', '。', '!', '！', '?', '？', ',', '，', ';', '；', '、', ' '];

    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        var folded = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var builder = new StringBuilder(folded.Length);
        var space = false;
        foreach (var c in folded.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }
            if (space && builder.Length > 0)
            {
                builder.Append(' ');
            }
            space = false;
            builder.Append(c);
        }
        return builder.ToString().TrimEnd(TrailingPunctuation).Trim('"', '\'', '“', '”', '「', '」');
    }
}
