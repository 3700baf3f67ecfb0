using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;
using PdfPigOptions = UglyToad.PdfPig.ParsingOptions;

namespace TaskRunner.Ingestion.Parsing;

/// <summary>
/// PDF via PdfPig, page by page in content order; blocks carry their page number, Section is null.
/// Line breaks are kept, except between two CJK characters (a wrapped Chinese line is one line).
/// PDFs that open with the empty user password (owner-restricted, e.g. "no printing") are read normally;
/// PDFs that need a password are <c>pdf_encrypted</c>; pages without any text give <c>pdf_no_text</c>.
/// </summary>
public sealed class PdfParser : IDocumentParser
{
    private static readonly PdfPigOptions OpenOptions = new() { UseLenientParsing = true, SkipMissingFonts = true };

    public DocumentKind Kind => DocumentKind.Pdf;

    public async Task<ParsedDocument> ParseAsync(string filePath, ParseContext context, CancellationToken ct)
    {
        var bytes = await File.ReadAllBytesAsync(filePath, ct);
        using var document = Open(bytes);
        var total = document.NumberOfPages;
        if (total > context.Limits.MaxPages)
        {
            throw ParseErrors.TooManyPages(total, context.Limits.MaxPages, "page");
        }

        var blocks = new BlockCollector(context.Limits);
        for (var number = 1; number <= total; number++)
        {
            ct.ThrowIfCancellationRequested();
            var page = document.GetPage(number);
            foreach (var paragraph in TextParagraphs.Split(ContentOrderTextExtractor.GetText(page)))
            {
                blocks.Add(InlineWhitespace.JoinCjkLineBreaks(paragraph), section: null, page: number);
            }

            await context.ReportAsync(number, total, "page", ct);
        }

        if (blocks.IsEmpty)
        {
            throw total == 0 ? ParseErrors.Empty() : ParseErrors.PdfNoText(total);
        }

        return blocks.Build(total);
    }

    private static PdfDocument Open(byte[] bytes)
    {
        try
        {
            return PdfDocument.Open(bytes, OpenOptions);
        }
        catch (PdfDocumentEncryptedException ex)
        {
            throw ParseErrors.PdfEncrypted(ex);
        }
        catch (Exception ex) when (PdfTrailer.HasEncryptEntry(bytes))
        {
            throw ParseErrors.PdfEncrypted(ex);
        }
        catch (Exception ex)
        {
            throw ParseErrors.Corrupt("the PDF could not be opened", ex);
        }
    }
}
