namespace TaskRunner.Ingestion.Parsing;

/// <summary>Stable error codes for documents that cannot be ingested; clients switch on them.</summary>
public static class DocumentErrorCodes
{
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string TypeMismatch = "type_mismatch";
    public const string EmptyDocument = "empty_document";
    public const string FileTooLarge = "file_too_large";
    public const string FileCorrupt = "file_corrupt";
    public const string ArchiveTooLarge = "archive_too_large";
    public const string PdfEncrypted = "pdf_encrypted";
    public const string PdfNoText = "pdf_no_text";
    public const string TooManyPages = "too_many_pages";
    public const string TextTooLong = "text_too_long";
    public const string ParseTimeout = "parse_timeout";
    public const string NestingTooDeep = "nesting_too_deep";
}
