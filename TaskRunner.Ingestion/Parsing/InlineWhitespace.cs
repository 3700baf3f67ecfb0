using System.Text;

namespace TaskRunner.Ingestion.Parsing;

/// <summary>
/// Collapses whitespace in flowing text (HTML text nodes) to single spaces, except that a line break between two
/// CJK characters disappears: Chinese source wrapped over lines must not gain spaces inside words.
/// </summary>
internal static class InlineWhitespace
{
    public static string Collapse(string text)
    {
        var builder = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                builder.Append(text[i++]);
                continue;
            }

            var start = i;
            var hasNewline = false;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                hasNewline |= text[i] is '\n' or '\r';
                i++;
            }

            var joinsCjk = hasNewline && start > 0 && i < text.Length && IsCjk(text[start - 1]) && IsCjk(text[i]);
            if (!joinsCjk)
            {
                builder.Append(' ');
            }
        }

        return builder.ToString();
    }

    /// <summary>Removes line breaks between two CJK characters: PDF lines wrap mid-word in Chinese.</summary>
    public static string JoinCjkLineBreaks(string text)
    {
        if (!text.Contains('\n', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var wrapsCjk = text[i] == '\n' && i > 0 && i + 1 < text.Length && IsCjk(text[i - 1]) && IsCjk(text[i + 1]);
            if (!wrapsCjk)
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }

    public static bool IsCjk(char c) =>
        c is (>= '\u2E80' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF') or (>= '\uFF00' and <= '\uFFEF') or (>= '\uAC00' and <= '\uD7AF');
}
