namespace TaskRunner.Ingestion.Parsing;

/// <summary>Accumulates blocks and fails as soon as the extracted text exceeds the limit, not after.</summary>
internal sealed class BlockCollector(ParsingLimits limits)
{
    private readonly List<DocumentBlock> _blocks = [];
    private long _chars;

    public bool IsEmpty => _blocks.Count == 0;

    public void Add(string? text, string? section, int? page)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var trimmed = text.Trim();
        _chars += trimmed.Length;
        if (_chars > limits.MaxExtractedChars)
        {
            throw ParseErrors.TextTooLong(limits.MaxExtractedChars);
        }

        _blocks.Add(new DocumentBlock(trimmed, section, page));
    }

    public ParsedDocument Build(int? pageCount) => new(_blocks, pageCount);
}
