using TaskRunner.Ingestion.Parsing;

namespace TaskRunner.Ingestion.Chunking;

/// <summary>
/// Splits a parsed document into chunks that respect structure: consecutive blocks with the same section and page
/// are packed paragraph by paragraph up to <see cref="ChunkingOptions.MaxTokens"/>; a chunk never spans a section
/// or page change, so its metadata is exact. Oversized paragraphs split on sentences, oversized sentences on lines,
/// oversized lines hard (at whitespace when possible, never inside a surrogate pair). Deterministic for the same input.
/// </summary>
public sealed class TextChunker
{
    public IReadOnlyList<TextChunk> Chunk(ParsedDocument document, ChunkingOptions options, ITokenCounter counter)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (options.OverlapTokens >= options.MaxTokens)
        {
            throw new ArgumentException("OverlapTokens must be smaller than MaxTokens.", nameof(options));
        }

        var chunks = new List<TextChunk>();
        ChunkAccumulator? group = null;
        DocumentBlock? previous = null;
        var splitter = new HardSplitter(counter, options.MaxTokens);
        foreach (var block in document.Blocks)
        {
            if (previous is null || previous.Page != block.Page || previous.Section != block.Section)
            {
                group?.Complete();
                group = new ChunkAccumulator(options, counter, block.Page, block.Section, chunks);
            }

            previous = block;
            foreach (var paragraph in TextNormalizer.Normalize(block.Text).Split("\n\n"))
            {
                AddParagraph(paragraph, group!, splitter, counter, options.MaxTokens);
            }
        }

        group?.Complete();
        return chunks;
    }

    private static void AddParagraph(string paragraph, ChunkAccumulator group, HardSplitter splitter, ITokenCounter counter, int maxTokens)
    {
        if (paragraph.Length == 0)
        {
            return;
        }

        var sentences = SentenceSplitter.Split(paragraph);
        if (Fits(paragraph, counter, maxTokens))
        {
            sentences[0] = sentences[0] with { Separator = "\n\n" };
            group.Add(sentences);
            return;
        }

        var pieces = new List<IReadOnlyList<Sentence>>();
        for (var i = 0; i < sentences.Count; i++)
        {
            var sentence = i == 0 ? sentences[i] with { Separator = "\n\n" } : sentences[i];
            if (Fits(sentence.Text, counter, maxTokens))
            {
                pieces.Add([sentence]);
                continue;
            }

            foreach (var line in SentenceSplitter.SplitLines(sentence))
            {
                if (Fits(line.Text, counter, maxTokens))
                {
                    pieces.Add([line]);
                    continue;
                }

                pieces.AddRange(splitter.Split(line.Text, line.Separator).Select(fragment => (IReadOnlyList<Sentence>)[fragment]));
            }
        }

        group.AddRange(pieces);
    }

    /// <summary>Text far longer than the limit is not counted: no tokenizer packs 16 characters into a token.</summary>
    private static bool Fits(string text, ITokenCounter counter, int maxTokens) =>
        text.Length <= (long)maxTokens * 16 && counter.CountTokens(text) <= maxTokens;
}
