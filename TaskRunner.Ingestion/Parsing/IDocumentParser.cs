namespace TaskRunner.Ingestion.Parsing;

/// <summary>Extracts the text of one document format. Throws <see cref="DocumentParseException"/> for bad documents.</summary>
public interface IDocumentParser
{
    DocumentKind Kind { get; }

    Task<ParsedDocument> ParseAsync(string filePath, ParseContext context, CancellationToken ct);
}
