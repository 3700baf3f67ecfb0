using System.Text;

namespace TaskRunner.Ingestion.Chunking;

/// <summary>
/// Unifies newlines, collapses runs of other whitespace to one space, trims lines, and keeps at most one blank line.
/// Never inserts whitespace, so CJK text stays unspaced.
/// </summary>
internal static class TextNormalizer
{
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        var newlines = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                newlines++;
                pendingSpace = false;
            }
            else if (char.IsWhiteSpace(c) || c == '\0')
            {
                pendingSpace = true;
            }
            else
            {
                if (builder.Length > 0)
                {
                    if (newlines > 0)
                    {
                        builder.Append(newlines > 1 ? "\n\n" : "\n");
                    }
                    else if (pendingSpace)
                    {
                        builder.Append(' ');
                    }
                }

                builder.Append(c);
                newlines = 0;
                pendingSpace = false;
            }
        }

        return builder.ToString();
    }
}
