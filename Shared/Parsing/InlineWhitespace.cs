using System.Text;

namespace TaskRunner.Shared.Parsing;

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

    public static bool IsCjk(char c) =>
        c is (>= '\u2E80' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF') or (>= '\uFF00' and <= '\uFFEF') or (>= '\uAC00' and <= '\uD7AF');
}
