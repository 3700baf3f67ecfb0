using TaskRunner.Ingestion.Parsing;
using TaskRunner.Testing.Corpus;

namespace TaskRunner.Tests.Parsing;

public sealed class TextAndMarkdownParserTests : IDisposable
{
    private readonly CorpusDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Plain_text_splits_into_paragraphs_on_blank_lines()
    {
        var first = CorpusText.EnglishParagraph(1);
        var second = CorpusText.ChineseParagraph(2);
        var path = TestCorpus.WriteText(_dir.Path, $"{first}\r\n\r\n  \r\n{second}\n");

        var document = await Parse.FileAsync(path, DocumentKind.Text);

        Assert.Equal([first, second], document.Blocks.Select(b => b.Text));
        Assert.All(document.Blocks, b => Assert.Null(b.Section));
    }

    [Fact]
    public async Task Gb18030_text_file_parses_to_the_original_chinese()
    {
        var chinese = CorpusText.ChineseParagraph(5, sentences: 8);
        var path = TestCorpus.WriteGb18030Text(_dir.Path, chinese);

        var document = await Parse.FileAsync(path, DocumentKind.Text);

        Assert.Equal(chinese, Assert.Single(document.Blocks).Text);
    }

    [Fact]
    public async Task Markdown_headings_become_the_section_path_of_following_blocks()
    {
        var intro = CorpusText.ChineseParagraph(3);
        var path = TestCorpus.WriteMarkdown(_dir.Path,
        [
            CorpusBlock.Heading(1, "第一章 植物"),
            CorpusBlock.Paragraph(intro),
            CorpusBlock.Heading(2, "光合作用"),
            CorpusBlock.Paragraph("Plants use **light** and [water](https://example.org)."),
            CorpusBlock.Table(["Term", "Meaning"], ["叶绿素", "green pigment"]),
            CorpusBlock.Heading(1, "Chapter 2"),
            CorpusBlock.Paragraph("Animals."),
        ]);

        var document = await Parse.FileAsync(path, DocumentKind.Markdown);

        var blocks = document.Blocks;
        Assert.Equal(new DocumentBlock(intro, "第一章 植物", null), blocks[1]);
        Assert.Equal(new DocumentBlock("Plants use light and water.", "第一章 植物 / 光合作用", null), blocks[3]);
        Assert.Equal("Term | Meaning\n叶绿素 | green pigment", blocks[4].Text);
        Assert.Equal("Chapter 2", blocks[^1].Section);
    }

    [Fact]
    public async Task Markdown_code_blocks_and_lists_are_kept_as_text()
    {
        var markdown = "# Code\n\n```python\nprint('hi')\nx = 3.14\n```\n\n- first item\n- second item\n\n1. one\n2. two\n";
        var path = TestCorpus.WriteText(_dir.Path, markdown, "code.md");

        var document = await Parse.FileAsync(path, DocumentKind.Markdown);

        Assert.Contains(document.Blocks, b => b.Text == "print('hi')\nx = 3.14" && b.Section == "Code");
        Assert.Contains(document.Blocks, b => b.Text == "- first item\n- second item");
        Assert.Contains(document.Blocks, b => b.Text == "1. one\n2. two");
    }

    [Fact]
    public async Task A_long_single_line_of_ten_megabytes_parses_into_one_block()
    {
        var path = TestCorpus.WriteLongSingleLine(_dir.Path);

        var document = await Parse.FileAsync(path, DocumentKind.Text);

        Assert.Equal(10_000_000, Assert.Single(document.Blocks).Text.Length, tolerance: 1);
    }
}
