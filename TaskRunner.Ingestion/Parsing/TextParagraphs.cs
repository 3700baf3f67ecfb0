using System.Text.RegularExpressions;

namespace TaskRunner.Ingestion.Parsing;

/// <summary>Splits text into paragraphs on blank lines.</summary>
internal static partial class TextParagraphs
{
    public static IEnumerable<string> Split(string text)
    {
        var unified = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        foreach (var paragraph in BlankLines().Split(unified))
        {
            if (!string.IsNullOrWhiteSpace(paragraph))
            {
                yield return paragraph.Trim();
            }
        }
    }

    [GeneratedRegex(@"\n(?:[ \t\f\v\u00A0\u3000]*\n)+")]
    private static partial Regex BlankLines();
}
