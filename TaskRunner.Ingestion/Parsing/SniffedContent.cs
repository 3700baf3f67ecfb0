namespace TaskRunner.Ingestion.Parsing;

internal enum SniffedKind
{
    Pdf,
    Docx,
    Pptx,
    OtherZip,
    CorruptZip,
    Html,
    Text,
    Binary,
}

/// <summary>What the bytes look like, with a phrase for messages ("a PNG image").</summary>
internal sealed record SniffedContent(SniffedKind Kind, string Description);
