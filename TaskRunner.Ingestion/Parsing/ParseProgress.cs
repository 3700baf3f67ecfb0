namespace TaskRunner.Ingestion.Parsing;

/// <summary>Progress of a paged parse: <see cref="Unit"/> is "page" (PDF) or "slide" (PPTX).</summary>
public sealed record ParseProgress(int Done, int Total, string Unit);
