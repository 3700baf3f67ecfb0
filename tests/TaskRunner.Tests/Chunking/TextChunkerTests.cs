using System.Security.Cryptography;
using System.Text;
using TaskRunner.Ingestion.Chunking;
using TaskRunner.Ingestion.Parsing;
using TaskRunner.Testing.Corpus;

namespace TaskRunner.Tests.Chunking;

public class TextChunkerTests
{
    private static readonly CharacterTokenCounter Counter = new();
    private readonly TextChunker _chunker = new();

    [Theory]
    [InlineData(50, 0)]
    [InlineData(120, 30)]
    [InlineData(400, 50)]
    public void No_chunk_exceeds_the_token_limit_in_english_or_chinese(int maxTokens, int overlapTokens)
    {
        var document = Document(
            Enumerable.Range(1, 10).Select(i => new DocumentBlock(
                i % 2 == 0 ? CorpusText.ChineseParagraph(i, 12) : CorpusText.EnglishParagraph(i, 12), "S", null)));

        var chunks = _chunker.Chunk(document, Options(maxTokens, overlapTokens), Counter);

        Assert.NotEmpty(chunks);
        Assert.All(chunks, c => Assert.InRange(c.TokenCount, 1, maxTokens));
        Assert.All(chunks, c => Assert.Equal(Counter.CountTokens(c.Text), c.TokenCount));
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Ordinal));
    }

    [Fact]
    public void Small_paragraphs_of_one_section_are_packed_into_one_chunk()
    {
        var document = Document([new("First paragraph.", "Intro", 1), new("Second paragraph.", "Intro", 1)]);

        var chunk = Assert.Single(_chunker.Chunk(document, Options(400, 50), Counter));

        Assert.Equal("First paragraph.\n\nSecond paragraph.", chunk.Text);
    }

    [Fact]
    public void Chunks_never_span_a_section_or_page_change_so_metadata_stays_exact()
    {
        var document = Document(
        [
            new("Alpha one.", "Chapter 1", 1),
            new("Alpha two.", "Chapter 1", 1),
            new("Beta.", "Chapter 2", 1),
            new("Gamma.", "Chapter 2", 2),
            new("Delta.", null, 2),
        ]);

        var chunks = _chunker.Chunk(document, Options(400, 50), Counter);

        Assert.Equal(
            [("Alpha one.\n\nAlpha two.", "Chapter 1", 1), ("Beta.", "Chapter 2", 1), ("Gamma.", "Chapter 2", 2), ("Delta.", null, 2)],
            chunks.Select(c => (c.Text, c.Section, c.Page)));
    }

    [Fact]
    public void The_next_chunk_in_a_section_starts_with_the_last_sentences_of_the_previous_one()
    {
        var paragraph = string.Join(" ", Enumerable.Range(1, 30).Select(i => $"Sentence number {i:D2} is here."));

        var chunks = _chunker.Chunk(Document([new(paragraph, "S", null)]), Options(100, 40), Counter);

        Assert.True(chunks.Count > 2);
        for (var i = 1; i < chunks.Count; i++)
        {
            var previous = SentenceSplitter.Split(chunks[i - 1].Text).Select(s => s.Text).ToList();
            var overlap = Enumerable.Range(0, previous.Count)
                .Select(k => string.Join(" ", previous[k..]))
                .First(tail => chunks[i].Text.StartsWith(tail + " ", StringComparison.Ordinal));
            Assert.InRange(Counter.CountTokens(overlap), 1, 40);
        }
    }

    [Fact]
    public void Overlap_does_not_cross_a_section_change()
    {
        var paragraph = string.Join(" ", Enumerable.Range(1, 5).Select(i => $"Line {i} ends."));

        var chunks = _chunker.Chunk(Document([new(paragraph, "A", null), new("Fresh start.", "B", null)]), Options(400, 100), Counter);

        Assert.Equal("Fresh start.", chunks[^1].Text);
    }

    [Fact]
    public void A_long_chinese_paragraph_splits_at_sentence_ends_with_punctuation_kept()
    {
        var paragraph = CorpusText.ChineseParagraph(seed: 21, sentences: 40);

        var chunks = _chunker.Chunk(Document([new(paragraph, null, 3)]), Options(100, 0), Counter);

        Assert.True(chunks.Count > 5);
        Assert.All(chunks, c => Assert.Contains(c.Text[^1], "。！？"));
        Assert.All(chunks, c => Assert.DoesNotContain(" ", c.Text, StringComparison.Ordinal));
        Assert.Equal(paragraph, string.Concat(chunks.Select(c => c.Text)));
    }

    [Fact]
    public void A_sentence_longer_than_the_limit_is_cut_hard_without_splitting_surrogate_pairs()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀光", 500));

        var chunks = _chunker.Chunk(Document([new(emoji, null, null)]), Options(99, 0), Counter);

        Assert.All(chunks, c => Assert.InRange(c.TokenCount, 1, 99));
        Assert.All(chunks, c => Assert.False(char.IsHighSurrogate(c.Text[^1]) || char.IsLowSurrogate(c.Text[0])));
        Assert.Equal(emoji, string.Concat(chunks.Select(c => c.Text)));
    }

    [Fact]
    public void Thousands_of_tiny_sentences_pack_densely_and_lose_nothing()
    {
        var tiny = string.Concat(Enumerable.Range(0, 20_000).Select(i => i % 2 == 0 ? "是。" : "好！"));

        var chunks = _chunker.Chunk(Document([new(tiny, null, null)]), Options(100, 0), Counter);

        Assert.Equal(400, chunks.Count);
        Assert.Equal(tiny, string.Concat(chunks.Select(c => c.Text)));
    }

    [Fact]
    public void A_table_larger_than_the_limit_splits_between_rows()
    {
        var table = string.Join("\n", Enumerable.Range(1, 40).Select(i => $"Row {i:D2} | value {i * 7} | 第{i}行"));

        var chunks = _chunker.Chunk(Document([new(table, "Data", null)]), Options(120, 0), Counter);

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.All(c.Text.Split('\n'), row => Assert.Matches(@"^Row \d\d \| value \d+ \| 第\d+行$", row)));
        Assert.Equal(table, string.Join("\n", chunks.Select(c => c.Text)));
    }

    [Fact]
    public void Whitespace_is_normalised_without_inserting_spaces_between_chinese_characters()
    {
        var chunk = Assert.Single(_chunker.Chunk(Document([new("  a \t\u00A0 b\r\n\r\n\r\n\u3000\u3000光合作用\r\n是过程。  ", null, null)]), Options(400, 0), Counter));

        Assert.Equal("a b\n\n光合作用\n是过程。", chunk.Text);
    }

    [Fact]
    public void Chunking_is_deterministic_and_hashes_are_lowercase_sha256_of_the_text()
    {
        var document = Document(Enumerable.Range(1, 6).Select(i => new DocumentBlock(CorpusText.ChineseParagraph(i, 9) + CorpusText.EnglishParagraph(i, 9), $"S{i / 3}", i)));

        var first = _chunker.Chunk(document, Options(150, 40), Counter);
        var second = _chunker.Chunk(document, Options(150, 40), Counter);

        Assert.Equal(first, second);
        Assert.All(first, c => Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(c.Text))), c.ContentHash));
    }

    [Fact]
    public async Task A_ten_megabyte_single_line_file_is_parsed_and_chunked_within_the_limit()
    {
        using var dir = new CorpusDirectory();
        var document = await DocumentParsing.CreateDefault().ParseAsync(
            TestCorpus.WriteLongSingleLine(dir.Path), DocumentKind.Text, new ParseContext(ParsingLimits.Default), CancellationToken.None);

        var chunks = _chunker.Chunk(document, Options(400, 50), Counter);

        Assert.True(chunks.Count > 10_000_000 / 400);
        Assert.All(chunks, c => Assert.InRange(c.TokenCount, 1, 400));
    }

    [Fact]
    public void Overlap_equal_to_the_limit_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => _chunker.Chunk(Document([new("x", null, null)]), Options(100, 100), Counter));
    }

    private static ParsedDocument Document(IEnumerable<DocumentBlock> blocks) => new([.. blocks], null);

    private static ChunkingOptions Options(int maxTokens, int overlapTokens) => new() { MaxTokens = maxTokens, OverlapTokens = overlapTokens };
}
