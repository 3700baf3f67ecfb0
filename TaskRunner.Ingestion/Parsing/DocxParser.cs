using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace TaskRunner.Ingestion.Parsing;

/// <summary>
/// Word documents via OpenXml, in body order: paragraphs are blocks, headings (Heading1–9/Title styles, localized
/// heading styles, or an outline level) open sections with the heading path as Section, tables are one block
/// with one "cell | cell | cell" line per row.
/// </summary>
public sealed class DocxParser : IDocumentParser
{
    public DocumentKind Kind => DocumentKind.Docx;

    public async Task<ParsedDocument> ParseAsync(string filePath, ParseContext context, CancellationToken ct)
    {
        await using var stream = await OfficePackage.LoadAsync(filePath, context.Limits, ct);
        using var document = OfficePackage.Open(() => WordprocessingDocument.Open(stream, false, OfficePackage.Settings(context.Limits)));
        var main = document.MainDocumentPart ?? throw ParseErrors.Corrupt("the Word document has no main part");
        var body = main.Document?.Body ?? throw ParseErrors.Corrupt("the Word document has no body");

        var headingStyles = DocxHeadingStyles.From(main.StyleDefinitionsPart);
        var blocks = new BlockCollector(context.Limits);
        var headings = new HeadingPath();
        Walk(body, headingStyles, blocks, headings, ct);
        return blocks.Build(pageCount: null);
    }

    private static void Walk(OpenXmlElement container, DocxHeadingStyles styles, BlockCollector blocks, HeadingPath headings, CancellationToken ct)
    {
        foreach (var element in container.ChildElements)
        {
            ct.ThrowIfCancellationRequested();
            switch (element)
            {
                case Paragraph paragraph:
                    var text = DocxText.Of(paragraph);
                    if (styles.LevelOf(paragraph) is { } level && !string.IsNullOrWhiteSpace(text))
                    {
                        headings.Enter(level, text);
                    }

                    blocks.Add(text, headings.Current, null);
                    break;
                case Table table:
                    blocks.Add(DocxText.Of(table), headings.Current, null);
                    break;
                case SdtBlock or SdtContentBlock or CustomXmlBlock:
                    Walk(element, styles, blocks, headings, ct);
                    break;
            }
        }
    }
}
