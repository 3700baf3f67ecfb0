namespace TaskRunner.Ingestion.Parsing;

/// <summary>The text of a document in reading order. <see cref="PageCount"/> is pages (PDF) or slides (PPTX), else null.</summary>
public sealed record ParsedDocument(IReadOnlyList<DocumentBlock> Blocks, int? PageCount);
