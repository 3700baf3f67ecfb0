using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace TaskRunner.Testing.Corpus;

public static partial class TestCorpus
{
    /// <summary>
    /// A Word document with a styles part defining "heading 1…6". When <paramref name="localizedHeadingIds"/> is set
    /// the heading style ids are "1", "2", … as Chinese Word saves them, so only the style name says "heading N".
    /// </summary>
    public static string WriteDocx(string dir, IEnumerable<CorpusBlock> blocks, string fileName = "lesson.docx", bool localizedHeadingIds = false)
    {
        var path = Path.Combine(dir, fileName);
        using var document = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document);
        var main = document.AddMainDocumentPart();
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(Enumerable.Range(1, 6).Select(level => new Style(
            new StyleName { Val = $"heading {level}" },
            new StyleParagraphProperties(new OutlineLevel { Val = level - 1 }))
        {
            Type = StyleValues.Paragraph,
            StyleId = HeadingStyleId(level, localizedHeadingIds),
        }));

        var body = new Body();
        foreach (var block in blocks)
        {
            if (block.TableRows is { } rows)
            {
                body.Append(DocxTable(rows));
            }
            else
            {
                var paragraph = new Paragraph(new Run(new Text(block.Text) { Space = SpaceProcessingModeValues.Preserve }));
                if (block.IsHeading)
                {
                    paragraph.PrependChild(new ParagraphProperties(new ParagraphStyleId { Val = HeadingStyleId(block.HeadingLevel, localizedHeadingIds) }));
                }

                body.Append(paragraph);
            }
        }

        main.Document = new Document(body);
        return path;
    }

    private static string HeadingStyleId(int level, bool localized) => localized ? level.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"Heading{level}";

    private static Table DocxTable(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var table = new Table(new TableProperties(new TableBorders(new TopBorder { Val = BorderValues.Single })));
        foreach (var row in rows)
        {
            table.Append(new TableRow(row.Select(cell => new TableCell(new Paragraph(new Run(new Text(cell)))))));
        }

        return table;
    }
}
