using TaskRunner.Ingestion.Storage;

namespace TaskRunner.Ingestion.Parsing;

/// <summary>
/// Decides how to parse an upload from its content, cross-checked with the file name's extension.
/// Content decides the format; the extension only separates Markdown from plain text and catches mislabelled files.
/// A damaged ZIP named .docx/.pptx is accepted here so that parsing reports it as <c>file_corrupt</c>.
/// </summary>
public sealed class DocumentTypeDetector
{
    public async Task<DocumentTypeDetection> DetectAsync(string filePath, string? originalFileName, CancellationToken ct)
    {
        await using var stream = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous);
        if (stream.Length == 0)
        {
            return Empty();
        }

        var head = new byte[(int)Math.Min(stream.Length, ContentSniffer.HeadBytes)];
        await stream.ReadExactlyAsync(head, ct);
        return Decide(await ContentSniffer.SniffAsync(stream, head, ct), NameOf(filePath, originalFileName));
    }

    /// <summary>
    /// The same decision for a file <see cref="FileStorage.SaveAsync"/> just wrote, from the first bytes it kept: the
    /// file is opened again only when those say ZIP (whose central directory is at its end).
    /// </summary>
    public Task<DocumentTypeDetection> DetectAsync(StoredFile stored, string filePath, string? originalFileName, CancellationToken ct)
    {
        if (stored.Size == 0)
        {
            return Task.FromResult(Empty());
        }

        if (stored.Head.Length < Math.Min(stored.Size, ContentSniffer.HeadBytes) || ContentSniffer.IsZip(stored.Head.Span))
        {
            return DetectAsync(filePath, originalFileName, ct);
        }

        return Task.FromResult(Decide(ContentSniffer.SniffHead(stored.Head.Span), NameOf(filePath, originalFileName)));
    }

    private static DocumentTypeDetection Empty() => DocumentTypeDetection.Rejected(DocumentErrorCodes.EmptyDocument, "The file is empty.");

    /// <summary>The name whose extension is cross-checked: the client's, or the stored file's when the client gave none.</summary>
    private static string NameOf(string filePath, string? originalFileName) =>
        string.IsNullOrWhiteSpace(originalFileName) ? Path.GetFileName(filePath) : originalFileName;

    private static DocumentTypeDetection Decide(SniffedContent content, string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var declared = KindFromExtension(extension);
        return content.Kind switch
        {
            SniffedKind.Pdf => Expect(DocumentKind.Pdf),
            SniffedKind.Docx => Expect(DocumentKind.Docx),
            SniffedKind.Pptx => Expect(DocumentKind.Pptx),
            SniffedKind.CorruptZip when declared is DocumentKind.Docx or DocumentKind.Pptx => Accept(declared.Value),
            SniffedKind.OtherZip or SniffedKind.CorruptZip or SniffedKind.Binary when declared is not null => Mismatch(),
            SniffedKind.OtherZip or SniffedKind.CorruptZip or SniffedKind.Binary => Unsupported(),
            SniffedKind.Html => declared switch
            {
                DocumentKind.Markdown => Accept(DocumentKind.Markdown),
                null or DocumentKind.Html or DocumentKind.Text => Accept(DocumentKind.Html),
                _ => Mismatch(),
            },
            _ => declared switch
            {
                DocumentKind.Markdown or DocumentKind.Html => Accept(declared.Value),
                null or DocumentKind.Text => Accept(DocumentKind.Text),
                _ => Mismatch(),
            },
        };

        DocumentTypeDetection Expect(DocumentKind actual) =>
            declared is null || declared == actual ? Accept(actual) : Mismatch();

        static DocumentTypeDetection Accept(DocumentKind kind) => DocumentTypeDetection.Supported(kind);

        DocumentTypeDetection Mismatch() => DocumentTypeDetection.Rejected(
            DocumentErrorCodes.TypeMismatch,
            $"The file '{fileName}' has the extension {extension} but its content looks like {content.Description}. "
            + "Upload the original file or give it the right extension.");

        DocumentTypeDetection Unsupported() => DocumentTypeDetection.Rejected(
            DocumentErrorCodes.UnsupportedMediaType,
            $"The file '{fileName}' looks like {content.Description}, which is not supported. {ParseErrors.SupportedFormats}");
    }

    private static DocumentKind? KindFromExtension(string extension) => extension switch
    {
        ".pdf" => DocumentKind.Pdf,
        ".docx" => DocumentKind.Docx,
        ".pptx" => DocumentKind.Pptx,
        ".html" or ".htm" or ".xhtml" => DocumentKind.Html,
        ".md" or ".markdown" => DocumentKind.Markdown,
        ".txt" or ".text" => DocumentKind.Text,
        _ => null,
    };
}
