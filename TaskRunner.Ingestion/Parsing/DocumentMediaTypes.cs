namespace TaskRunner.Ingestion.Parsing;

/// <summary>
/// The media type a document is stored with: the one of the format its content was detected as, never what a client
/// declared (a multipart part's or the request's Content-Type, a server's header), which detection may have overruled.
/// </summary>
public static class DocumentMediaTypes
{
    public static string Of(DocumentKind kind) => kind switch
    {
        DocumentKind.Text => "text/plain",
        DocumentKind.Markdown => "text/markdown",
        DocumentKind.Html => "text/html",
        DocumentKind.Pdf => "application/pdf",
        DocumentKind.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        DocumentKind.Pptx => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a document kind."),
    };
}
