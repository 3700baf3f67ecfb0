using TaskRunner.Ingestion.Parsing;
using TaskRunner.Testing.Corpus;

namespace TaskRunner.Tests.Parsing;

public sealed class OfficeParserTests : IDisposable
{
    private readonly CorpusDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Docx_headings_nest_into_a_section_path_and_tables_become_rows_in_body_order(bool localizedHeadingIds)
    {
        var photosynthesis = CorpusText.ChineseParagraph(8);
        var path = TestCorpus.WriteDocx(_dir.Path,
        [
            CorpusBlock.Paragraph("Preface"),
            CorpusBlock.Heading(1, "Chapter 1"),
            CorpusBlock.Heading(2, "光合作用"),
            CorpusBlock.Paragraph(photosynthesis),
            CorpusBlock.Table(["Input", "Output"], ["Light", "Sugar"]),
            CorpusBlock.Heading(2, "Respiration"),
            CorpusBlock.Paragraph("Cells release energy."),
            CorpusBlock.Heading(1, "Chapter 2"),
            CorpusBlock.Paragraph("Animals."),
        ], localizedHeadingIds: localizedHeadingIds);

        var blocks = (await Parse.FileAsync(path, DocumentKind.Docx)).Blocks;

        Assert.Equal(
        [
            new("Preface", null, null),
            new("Chapter 1", "Chapter 1", null),
            new("光合作用", "Chapter 1 / 光合作用", null),
            new(photosynthesis, "Chapter 1 / 光合作用", null),
            new("Input | Output\nLight | Sugar", "Chapter 1 / 光合作用", null),
            new("Respiration", "Chapter 1 / Respiration", null),
            new("Cells release energy.", "Chapter 1 / Respiration", null),
            new("Chapter 2", "Chapter 2", null),
            new DocumentBlock("Animals.", "Chapter 2", null),
        ], blocks);
    }

    [Fact]
    public async Task Pptx_slides_keep_their_number_title_tables_and_notes_in_presentation_order()
    {
        var progress = new List<ParseProgress>();
        var path = TestCorpus.WritePptx(_dir.Path,
        [
            new CorpusSlide("细胞结构", ["细胞膜保护细胞。", "细胞核储存遗传信息。"], Notes: "先复习上一节课的内容。"),
            new CorpusSlide("Organelles", ["Mitochondria"], Table: [["Part", "Role"], ["Ribosome", "Makes proteins"]]),
            new CorpusSlide("Summary", ["Review"], Notes: "Ask three questions."),
        ]);

        var document = await Parse.FileAsync(path, DocumentKind.Pptx, progress: progress);

        Assert.Equal(3, document.PageCount);
        var blocks = document.Blocks;
        Assert.Contains(new DocumentBlock("细胞膜保护细胞。\n细胞核储存遗传信息。", "细胞结构", 1), blocks);
        Assert.Contains(new DocumentBlock("Notes: 先复习上一节课的内容。", "细胞结构", 1), blocks);
        Assert.Contains(new DocumentBlock("Part | Role\nRibosome | Makes proteins", "Organelles", 2), blocks);
        Assert.Contains(new DocumentBlock("Notes: Ask three questions.", "Summary", 3), blocks);
        Assert.DoesNotContain(blocks, b => b.Text.Contains("Notes: 7", StringComparison.Ordinal) || b.Text.Contains("SLIDE_FOOTER", StringComparison.Ordinal));
        Assert.Equal([1, 2, 3], blocks.Select(b => b.Page!.Value).Distinct());
        Assert.Equal([new(1, 3, "slide"), new(2, 3, "slide"), new ParseProgress(3, 3, "slide")], progress);
    }

    [Fact]
    public async Task Pptx_with_more_slides_than_allowed_fails_with_too_many_pages()
    {
        var slides = Enumerable.Range(1, 3).Select(i => new CorpusSlide($"Slide {i}", ["x"])).ToList();
        var path = TestCorpus.WritePptx(_dir.Path, slides);

        var code = await Parse.FailureCodeAsync(path, DocumentKind.Pptx, ParsingLimits.Default with { MaxPages = 2 });

        Assert.Equal(DocumentErrorCodes.TooManyPages, code);
    }
}
