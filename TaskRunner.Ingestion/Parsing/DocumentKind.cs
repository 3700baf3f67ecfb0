namespace TaskRunner.Ingestion.Parsing;

/// <summary>The document formats the ingestion pipeline can parse.</summary>
public enum DocumentKind
{
    Text,
    Markdown,
    Html,
    Pdf,
    Docx,
    Pptx,
}
