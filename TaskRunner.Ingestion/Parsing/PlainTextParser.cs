namespace TaskRunner.Ingestion.Parsing;

/// <summary>Plain text: decoded with <see cref="TextDecoder"/>, one block per blank-line-separated paragraph.</summary>
public sealed class PlainTextParser : IDocumentParser
{
    public DocumentKind Kind => DocumentKind.Text;

    public async Task<ParsedDocument> ParseAsync(string filePath, ParseContext context, CancellationToken ct)
    {
        var decoded = await TextDecoder.DecodeFileAsync(filePath, ct);
        var blocks = new BlockCollector(context.Limits);
        foreach (var paragraph in TextParagraphs.Split(decoded.Text))
        {
            ct.ThrowIfCancellationRequested();
            blocks.Add(paragraph, section: null, page: null);
        }

        return blocks.Build(pageCount: null);
    }
}
