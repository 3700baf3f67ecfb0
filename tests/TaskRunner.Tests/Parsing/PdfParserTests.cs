using TaskRunner.Ingestion.Parsing;
using TaskRunner.Testing.Corpus;
using Xunit.Abstractions;

namespace TaskRunner.Tests.Parsing;

public sealed class PdfParserTests() : IDisposable
{
    private readonly CorpusDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Multi_page_pdf_keeps_page_numbers_and_reports_progress_per_page()
    {
        var pages = Enumerable.Range(1, 3)
            .Select(n => (IReadOnlyList<string>)[$"Page {n} marker.", CorpusText.EnglishParagraph(n, sentences: 12)])
            .ToList();
        var path = TestCorpus.WritePdf(_dir.Path, pages);
        var progress = new List<ParseProgress>();

        var document = await Parse.FileAsync(path, DocumentKind.Pdf, progress: progress);

        Assert.Equal(3, document.PageCount);
        for (var n = 1; n <= 3; n++)
        {
            var pageText = string.Join(" ", document.Blocks.Where(b => b.Page == n).Select(b => b.Text));
            Assert.Contains($"Page {n} marker.", pageText);
            Assert.Contains(pages[n - 1][1].Split(' ')[3], pageText);
        }

        Assert.All(document.Blocks, b => Assert.Null(b.Section));
        Assert.Equal([new(1, 3, "page"), new(2, 3, "page"), new ParseProgress(3, 3, "page")], progress);
    }

    [Fact]
    public async Task Chinese_pdf_text_is_extracted_with_wrapped_lines_joined_without_spaces()
    {
        // The font is part of the test set-up (scripts/test.sh installs it): without it this test fails rather than passing unchecked.
        Assert.True(TestCorpus.CjkFontPath is not null, "No CJK TrueType font at /usr/share/fonts/truetype/arphic-gbsn00lp/: install the Debian package fonts-arphic-gbsn00lp (scripts/test.sh does).");

        var chinese = string.Concat(Enumerable.Repeat("光合作用是植物利用阳光制造养分的过程。", 4));
        var path = TestCorpus.WritePdf(_dir.Path, [[chinese], ["第二页：细胞膜保护细胞。"]], trueTypeFontPath: TestCorpus.CjkFontPath);

        var document = await Parse.FileAsync(path, DocumentKind.Pdf);

        var firstPage = string.Concat(document.Blocks.Where(b => b.Page == 1).Select(b => b.Text));
        Assert.Equal(chinese, firstPage);
        Assert.Contains(document.Blocks, b => b.Page == 2 && b.Text.Contains("细胞膜", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pdf_with_more_pages_than_allowed_fails_with_too_many_pages()
    {
        var path = TestCorpus.WritePdf(_dir.Path, [["one"], ["two"], ["three"]]);

        var code = await Parse.FailureCodeAsync(path, DocumentKind.Pdf, ParsingLimits.Default with { MaxPages = 2 });

        Assert.Equal(DocumentErrorCodes.TooManyPages, code);
    }
}
