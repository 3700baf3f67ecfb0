using TaskRunner.Ingestion.Parsing;
using TaskRunner.Testing.Corpus;

namespace TaskRunner.Tests.Parsing;

public sealed class DocumentTypeDetectorTests : IDisposable
{
    private readonly CorpusDirectory _dir = new();
    private readonly DocumentTypeDetector _detector = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Each_supported_format_is_detected_from_its_content()
    {
        var blocks = new[] { CorpusBlock.Heading(1, "Cells"), CorpusBlock.Paragraph("Cells are small.") };
        var cases = new (string Path, DocumentKind Kind)[]
        {
            (TestCorpus.WritePdf(_dir.Path, [["Page one."]]), DocumentKind.Pdf),
            (TestCorpus.WriteDocx(_dir.Path, blocks), DocumentKind.Docx),
            (TestCorpus.WritePptx(_dir.Path, [new CorpusSlide("Cells", ["Small"])]), DocumentKind.Pptx),
            (TestCorpus.WriteHtml(_dir.Path, blocks), DocumentKind.Html),
            (TestCorpus.WriteMarkdown(_dir.Path, blocks), DocumentKind.Markdown),
            (TestCorpus.WriteText(_dir.Path, "Plain notes."), DocumentKind.Text),
            (TestCorpus.WriteGb18030Text(_dir.Path, CorpusText.ChineseParagraph(1)), DocumentKind.Text),
        };

        foreach (var (path, kind) in cases)
        {
            var detection = await _detector.DetectAsync(path, Path.GetFileName(path), CancellationToken.None);
            Assert.True(detection.Kind == kind, $"{Path.GetFileName(path)}: expected {kind}, got {detection.Kind} {detection.ErrorCode} {detection.Message}");
        }
    }

    [Theory]
    [InlineData("lesson.txt")]
    [InlineData("upload.bin")]
    [InlineData("no-extension")]
    public async Task Unknown_or_text_extension_with_recognised_content_is_accepted_by_content(string originalName)
    {
        var pdf = TestCorpus.WritePdf(_dir.Path, [["Page one."]], "stored-file");

        var detection = await _detector.DetectAsync(pdf, originalName, CancellationToken.None);

        if (originalName == "lesson.txt")
        {
            Assert.Equal(DocumentErrorCodes.TypeMismatch, detection.ErrorCode);
        }
        else
        {
            Assert.Equal(DocumentKind.Pdf, detection.Kind);
        }
    }

    [Fact]
    public async Task A_pdf_named_docx_is_a_type_mismatch_that_names_both()
    {
        var pdf = TestCorpus.WritePdf(_dir.Path, [["Page one."]], "report.docx");

        var detection = await _detector.DetectAsync(pdf, "report.docx", CancellationToken.None);

        Assert.Null(detection.Kind);
        Assert.Equal(DocumentErrorCodes.TypeMismatch, detection.ErrorCode);
        Assert.Contains(".docx", detection.Message);
        Assert.Contains("PDF", detection.Message);
    }

    [Fact]
    public async Task A_text_file_named_pdf_is_a_type_mismatch()
    {
        var path = TestCorpus.WriteText(_dir.Path, "just some notes", "notes.pdf");

        var detection = await _detector.DetectAsync(path, null, CancellationToken.None);

        Assert.Equal(DocumentErrorCodes.TypeMismatch, detection.ErrorCode);
    }

    [Fact]
    public async Task An_image_named_pdf_is_a_type_mismatch()
    {
        var png = TestCorpus.WritePng(_dir.Path, "scan.pdf");

        var detection = await _detector.DetectAsync(png, null, CancellationToken.None);

        Assert.Equal(DocumentErrorCodes.TypeMismatch, detection.ErrorCode);
        Assert.Contains("PNG", detection.Message);
    }

    [Fact]
    public async Task An_image_is_unsupported_and_the_message_lists_the_supported_formats()
    {
        var png = TestCorpus.WritePng(_dir.Path);

        var detection = await _detector.DetectAsync(png, "photo.png", CancellationToken.None);

        Assert.Equal(DocumentErrorCodes.UnsupportedMediaType, detection.ErrorCode);
        Assert.Contains(".pdf, .docx, .pptx, .html/.htm, .md, .txt", detection.Message);
    }

    [Fact]
    public async Task An_xlsx_workbook_is_unsupported()
    {
        var path = TestCorpus.WriteZip(_dir.Path, "marks.xlsx", "[Content_Types].xml", "xl/workbook.xml");

        var detection = await _detector.DetectAsync(path, "marks.xlsx", CancellationToken.None);

        Assert.Equal(DocumentErrorCodes.UnsupportedMediaType, detection.ErrorCode);
        Assert.Contains("Excel", detection.Message);
    }

    [Fact]
    public async Task A_zero_byte_file_is_an_empty_document()
    {
        var path = TestCorpus.WriteEmpty(_dir.Path);

        var detection = await _detector.DetectAsync(path, "empty.txt", CancellationToken.None);

        Assert.Equal(DocumentErrorCodes.EmptyDocument, detection.ErrorCode);
    }

    [Fact]
    public async Task A_truncated_docx_is_accepted_as_docx_so_parsing_reports_it_corrupt()
    {
        var path = TestCorpus.WriteTruncatedZip(_dir.Path);

        var detection = await _detector.DetectAsync(path, "truncated.docx", CancellationToken.None);

        Assert.Equal(DocumentKind.Docx, detection.Kind);
    }

    [Fact]
    public async Task Html_content_in_a_txt_file_is_parsed_as_html_and_markdown_extension_wins_over_sniffing()
    {
        var blocks = new[] { CorpusBlock.Paragraph("Hello") };
        var asText = TestCorpus.WriteHtml(_dir.Path, blocks, "saved-page.txt");
        var asMarkdown = TestCorpus.WriteHtml(_dir.Path, blocks, "readme.md");

        Assert.Equal(DocumentKind.Html, (await _detector.DetectAsync(asText, null, CancellationToken.None)).Kind);
        Assert.Equal(DocumentKind.Markdown, (await _detector.DetectAsync(asMarkdown, null, CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task Utf16_text_with_bom_is_text_despite_its_nul_bytes()
    {
        var path = TestCorpus.WriteText(_dir.Path, CorpusText.ChineseParagraph(3), "utf16.txt", System.Text.Encoding.Unicode);

        var detection = await _detector.DetectAsync(path, null, CancellationToken.None);

        Assert.Equal(DocumentKind.Text, detection.Kind);
    }
}
