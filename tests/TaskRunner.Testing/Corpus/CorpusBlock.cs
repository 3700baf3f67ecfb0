namespace TaskRunner.Testing.Corpus;

/// <summary>
/// One element of a generated document: a heading (level 1–6), a paragraph, or a table. The same list can be written
/// as DOCX, Markdown and HTML so the formats can be compared.
/// </summary>
public sealed record CorpusBlock(int HeadingLevel, string Text, IReadOnlyList<IReadOnlyList<string>>? TableRows = null)
{
    public bool IsHeading => HeadingLevel > 0;

    public bool IsTable => TableRows is not null;

    public static CorpusBlock Heading(int level, string text) => new(level, text);

    public static CorpusBlock Paragraph(string text) => new(0, text);

    public static CorpusBlock Table(params string[][] rows) => new(0, string.Empty, rows);
}
