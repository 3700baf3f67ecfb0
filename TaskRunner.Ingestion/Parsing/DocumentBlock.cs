namespace TaskRunner.Ingestion.Parsing;

/// <summary>
/// One paragraph-like piece of text. <see cref="Section"/> is the heading path ("Chapter 1 / Photosynthesis") for
/// Markdown, HTML and DOCX, the slide title for PPTX, null for PDF and plain text.
/// <see cref="Page"/> is the 1-based PDF page or PPTX slide number.
/// </summary>
public sealed record DocumentBlock(string Text, string? Section, int? Page);
