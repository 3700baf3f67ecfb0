namespace TaskRunner.Ingestion.Parsing;

/// <summary>The user-facing messages for each error code, kept together so they read consistently.</summary>
internal static class ParseErrors
{
    public const string SupportedFormats = "Supported formats: .pdf, .docx, .pptx, .html/.htm, .md, .txt.";

    public static DocumentParseException Empty() =>
        new(DocumentErrorCodes.EmptyDocument, "The document contains no text that could be extracted.");

    public static DocumentParseException Corrupt(string what, Exception? inner = null) =>
        new(DocumentErrorCodes.FileCorrupt, $"The file could not be read: {what}. It may be truncated or damaged; try exporting it again.", inner);

    public static DocumentParseException TooManyPages(int pages, int max, string unit) =>
        new(DocumentErrorCodes.TooManyPages, $"The document has {pages} {unit}s; at most {max} are allowed.");

    public static DocumentParseException TextTooLong(int max) =>
        new(DocumentErrorCodes.TextTooLong, $"The document contains more than {max} characters of text; split it into smaller files.");

    public static DocumentParseException ArchiveTooLarge(string why) =>
        new(DocumentErrorCodes.ArchiveTooLarge, $"The document was rejected because {why}; it may be a decompression bomb.");

    public static DocumentParseException FileTooLarge(long bytes, long max) =>
        new(DocumentErrorCodes.FileTooLarge, $"The file is {bytes} bytes; at most {max} bytes are allowed.");

    public static DocumentParseException NestingTooDeep(int max) =>
        new(DocumentErrorCodes.NestingTooDeep, $"The document nests elements more than {max} levels deep, which no real page or file does; it was not parsed.");

    public static DocumentParseException Timeout(TimeSpan limit) =>
        new(DocumentErrorCodes.ParseTimeout, $"Extracting the text took longer than {limit.TotalSeconds:0} seconds and was stopped.");

    public static DocumentParseException PdfEncrypted(Exception? inner = null) =>
        new(DocumentErrorCodes.PdfEncrypted, "The PDF is password-protected. Remove the password (print or save it unprotected) and upload it again.", inner);

    public static DocumentParseException PdfNoText(int pages) =>
        new(DocumentErrorCodes.PdfNoText, $"The PDF has {pages} page(s) but no extractable text; it is probably scanned images. Run OCR on it first.");
}
