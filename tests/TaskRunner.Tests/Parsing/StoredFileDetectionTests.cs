using Microsoft.Extensions.Options;
using TaskRunner.Ingestion.Parsing;
using TaskRunner.Ingestion.Storage;
using TaskRunner.Testing.Corpus;

namespace TaskRunner.Tests.Parsing;

/// <summary>
/// Detection of a file <see cref="FileStorage"/> just stored, from the first bytes the write kept, decides as detection
/// that reads the file again: for every format, for a ZIP (whose directory needs the file), and for files larger than the head.
/// </summary>
public sealed class StoredFileDetectionTests : IDisposable
{
    private readonly CorpusDirectory _dir = new();
    private readonly DocumentTypeDetector _detector = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Detection_from_the_kept_head_matches_detection_from_the_file()
    {
        var blocks = new[] { CorpusBlock.Heading(1, "Cells"), CorpusBlock.Paragraph("Cells are small.") };
        var storage = new FileStorage(Options.Create(new StorageOptions { Root = Path.Combine(_dir.Path, "store") }));
        var cases = new (string Path, string Name)[]
        {
            (TestCorpus.WritePdf(_dir.Path, [["Page one."]]), "lesson.pdf"),
            (TestCorpus.WriteDocx(_dir.Path, blocks), "lesson.docx"),
            (TestCorpus.WritePptx(_dir.Path, [new CorpusSlide("Cells", ["Small"])]), "lesson.pptx"),
            (TestCorpus.WriteZip(_dir.Path, "marks.xlsx", "[Content_Types].xml", "xl/workbook.xml"), "marks.xlsx"),
            (TestCorpus.WriteTruncatedZip(_dir.Path), "truncated.docx"),
            (TestCorpus.WriteHtml(_dir.Path, blocks), "page.html"),
            (TestCorpus.WriteMarkdown(_dir.Path, blocks), "notes.md"),
            (TestCorpus.WriteText(_dir.Path, "Plain notes."), "notes.txt"),
            (TestCorpus.WriteText(_dir.Path, string.Concat(Enumerable.Repeat("Long plain notes. ", 2000)), "long.txt"), "long.txt"),
            (TestCorpus.WriteGb18030Text(_dir.Path, CorpusText.ChineseParagraph(1)), "chinese.txt"),
            (TestCorpus.WritePng(_dir.Path), "photo.png"),
            (TestCorpus.WritePdf(_dir.Path, [["Page one."]], "mislabelled"), "report.docx"),
        };

        foreach (var (path, name) in cases)
        {
            StoredFile stored;
            await using (var content = File.OpenRead(path))
            {
                stored = await storage.SaveAsync(content, 10 * 1024 * 1024, CancellationToken.None);
            }

            var full = storage.GetFullPath(stored.RelativePath);
            Assert.Equal(Math.Min(new FileInfo(path).Length, FileStorage.HeadBytes), stored.Head.Length);
            var fromHead = await _detector.DetectAsync(stored, full, name, CancellationToken.None);
            var fromFile = await _detector.DetectAsync(full, name, CancellationToken.None);
            Assert.True(fromFile == fromHead, $"{name}: from the file {fromFile}, from the head {fromHead}");
        }
    }

    [Theory]
    [InlineData(DocumentKind.Text, "text/plain")]
    [InlineData(DocumentKind.Markdown, "text/markdown")]
    [InlineData(DocumentKind.Pdf, "application/pdf")]
    [InlineData(DocumentKind.Docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    public void A_kind_has_its_media_type(DocumentKind kind, string mediaType) => Assert.Equal(mediaType, DocumentMediaTypes.Of(kind));
}
