using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace TaskRunner.Ingestion.Parsing;

/// <summary>
/// Maps paragraph styles to heading levels. Chinese Word saves headings with style ids like "1" whose
/// name is "heading 1", so the styles part is consulted, not only the id.
/// </summary>
internal sealed partial class DocxHeadingStyles
{
    private const int BodyTextOutlineLevel = 9;
    private readonly Dictionary<string, int> _levels;

    private DocxHeadingStyles(Dictionary<string, int> levels) => _levels = levels;

    public static DocxHeadingStyles From(StyleDefinitionsPart? part)
    {
        var levels = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var style in part?.Styles?.Elements<Style>() ?? [])
        {
            if (style.StyleId?.Value is not { } id)
            {
                continue;
            }

            var level = LevelFromName(style.StyleName?.Val?.Value)
                ?? FromOutline(style.StyleParagraphProperties?.OutlineLevel?.Val?.Value);
            if (level is { } l)
            {
                levels[id] = l;
            }
        }

        return new DocxHeadingStyles(levels);
    }

    public int? LevelOf(Paragraph paragraph)
    {
        var properties = paragraph.ParagraphProperties;
        if (FromOutline(properties?.OutlineLevel?.Val?.Value) is { } outline)
        {
            return outline;
        }

        var styleId = properties?.ParagraphStyleId?.Val?.Value;
        if (styleId is null)
        {
            return null;
        }

        return _levels.TryGetValue(styleId, out var level) ? level : LevelFromName(styleId);
    }

    private static int? LevelFromName(string? name)
    {
        if (name is null)
        {
            return null;
        }

        if (name.Equals("title", StringComparison.OrdinalIgnoreCase))
        {
            return 1;
        }

        var match = HeadingName().Match(name);
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private static int? FromOutline(int? outlineLevel) =>
        outlineLevel is { } v && v < BodyTextOutlineLevel ? v + 1 : null;

    [GeneratedRegex(@"^heading\s?([1-9])$", RegexOptions.IgnoreCase)]
    private static partial Regex HeadingName();
}
