namespace TaskRunner.Testing.Corpus;

/// <summary>One generated PowerPoint slide: a title placeholder, a body with one paragraph per bullet, optional table and notes.</summary>
public sealed record CorpusSlide(
    string Title,
    IReadOnlyList<string> Bullets,
    string? Notes = null,
    IReadOnlyList<IReadOnlyList<string>>? Table = null);
