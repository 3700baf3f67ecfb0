using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Presentation;
using A = DocumentFormat.OpenXml.Drawing;

namespace TaskRunner.Ingestion.Parsing;

/// <summary>Text of PowerPoint shape trees: shapes, groups, table frames and the slide title.</summary>
internal static class PptxText
{
    public static string? Title(ShapeTree tree)
    {
        var title = tree.Descendants<Shape>().FirstOrDefault(IsTitle);
        var text = title?.TextBody is { } body ? BodyText(body).Replace('\n', ' ').Trim() : null;
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>
    /// Texts in tree order. Slide image, slide number, header, footer and date placeholders are skipped: they
    /// repeat on every slide (or notes page) and carry no lesson content.
    /// </summary>
    public static IEnumerable<string> ShapeTexts(OpenXmlElement tree) => ShapeTexts(tree, 0);

    private static IEnumerable<string> ShapeTexts(OpenXmlElement tree, int depth)
    {
        if (depth > HtmlNesting.MaxDepth)
        {
            throw ParseErrors.NestingTooDeep(HtmlNesting.MaxDepth);
        }

        foreach (var element in tree.ChildElements)
        {
            switch (element)
            {
                case Shape shape when shape.TextBody is not null && !IsChrome(shape):
                    yield return BodyText(shape.TextBody);
                    break;
                case GraphicFrame frame:
                    foreach (var table in frame.Descendants<A.Table>())
                    {
                        yield return TableText(table);
                    }

                    break;
                case GroupShape group:
                    foreach (var text in ShapeTexts(group, depth + 1))
                    {
                        yield return text;
                    }

                    break;
            }
        }
    }

    private static string BodyText(OpenXmlElement body) =>
        string.Join('\n', body.Elements<A.Paragraph>().Select(ParagraphText));

    private static string ParagraphText(A.Paragraph paragraph) =>
        string.Concat(paragraph.ChildElements.Select(run => run switch
        {
            A.Run r => r.Text?.Text ?? string.Empty,
            A.Field f => f.Text?.Text ?? string.Empty,
            A.Break => "\n",
            _ => string.Empty,
        }));

    private static string TableText(A.Table table) =>
        string.Join('\n', table.Elements<A.TableRow>().Select(row =>
            string.Join(" | ", row.Elements<A.TableCell>().Select(cell =>
                cell.TextBody is null ? string.Empty : BodyText(cell.TextBody).Replace('\n', ' ').Trim()))));

    private static PlaceholderValues? PlaceholderType(Shape shape) =>
        shape.NonVisualShapeProperties?.ApplicationNonVisualDrawingProperties?.PlaceholderShape?.Type?.Value;

    private static bool IsTitle(Shape shape) =>
        PlaceholderType(shape) is { } type && (type == PlaceholderValues.Title || type == PlaceholderValues.CenteredTitle);

    private static bool IsChrome(Shape shape) =>
        PlaceholderType(shape) is { } type
        && (type == PlaceholderValues.SlideImage || type == PlaceholderValues.SlideNumber
            || type == PlaceholderValues.Header || type == PlaceholderValues.Footer || type == PlaceholderValues.DateAndTime);
}
