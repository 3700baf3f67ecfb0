using TaskRunner.Ingestion.Parsing;
using TaskRunner.Testing.Corpus;

namespace TaskRunner.Tests.Parsing;

public sealed class HostileDocumentTests : IDisposable
{
    private readonly CorpusDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Html_nested_150000_levels_deep_fails_with_nesting_too_deep_without_building_the_tree()
    {
        var path = TestCorpus.WriteDeeplyNestedHtml(_dir.Path);

        Assert.Equal(DocumentErrorCodes.NestingTooDeep, await Parse.FailureCodeAsync(path, DocumentKind.Html));
    }

    [Fact]
    public async Task Html_with_thousands_of_unclosed_paragraphs_and_list_items_still_parses()
    {
        var body = string.Concat(Enumerable.Range(0, 3000).Select(i => $"<p>Paragraph {i}<li>item {i}"));
        var path = Path.Combine(_dir.Path, "sloppy.html");
        await File.WriteAllTextAsync(path, $"<html><body><div>{body}</div><br><img src=x></body></html>");

        var document = await Parse.FileAsync(path, DocumentKind.Html);

        Assert.Contains("Paragraph 2999", Parse.AllText(document), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parser_stuck_inside_one_call_is_abandoned_at_the_deadline_with_parse_timeout()
    {
        var path = Path.Combine(_dir.Path, "stuck.txt");
        await File.WriteAllTextAsync(path, "text");
        var parsing = new DocumentParsing([new StuckParser()]);
        var limits = ParsingLimits.Default with { ParseTimeout = TimeSpan.FromMilliseconds(200) };

        var error = await Assert.ThrowsAsync<DocumentParseException>(() => parsing.ParseAsync(path, DocumentKind.Text, Parse.Context(limits), CancellationToken.None));

        Assert.Equal(DocumentErrorCodes.ParseTimeout, error.Code);
    }

    /// <summary>Blocks inside one call and never looks at the token, like a pathological page in a parsing library.</summary>
    private sealed class StuckParser : IDocumentParser
    {
        public DocumentKind Kind => DocumentKind.Text;

        public Task<ParsedDocument> ParseAsync(string filePath, ParseContext context, CancellationToken ct)
        {
            Thread.Sleep(TimeSpan.FromSeconds(3));
            return Task.FromResult(new BlockCollector(context.Limits).Build(pageCount: null));
        }
    }

    [Fact]
    public async Task Encrypted_pdf_fails_with_pdf_encrypted()
    {
        var path = TestCorpus.WriteEncryptedPdf(_dir.Path);

        Assert.Equal(DocumentErrorCodes.PdfEncrypted, await Parse.FailureCodeAsync(path, DocumentKind.Pdf));
    }

    [Fact]
    public async Task Image_only_pdf_fails_with_pdf_no_text()
    {
        var path = TestCorpus.WriteImageOnlyPdf(_dir.Path);

        Assert.Equal(DocumentErrorCodes.PdfNoText, await Parse.FailureCodeAsync(path, DocumentKind.Pdf));
    }

    [Fact]
    public async Task Corrupt_pdf_fails_with_file_corrupt()
    {
        var path = TestCorpus.WriteCorruptPdf(_dir.Path);

        Assert.Equal(DocumentErrorCodes.FileCorrupt, await Parse.FailureCodeAsync(path, DocumentKind.Pdf));
    }

    [Theory]
    [InlineData(DocumentKind.Docx)]
    [InlineData(DocumentKind.Pptx)]
    public async Task Truncated_office_zip_fails_with_file_corrupt(DocumentKind kind)
    {
        var path = TestCorpus.WriteTruncatedZip(_dir.Path);

        Assert.Equal(DocumentErrorCodes.FileCorrupt, await Parse.FailureCodeAsync(path, kind));
    }

    [Fact]
    public async Task Zip_bomb_fails_with_archive_too_large_from_the_central_directory()
    {
        var path = TestCorpus.WriteZipBomb(_dir.Path);

        Assert.True(new FileInfo(path).Length < 200_000, "the generated bomb should stay small on disk");
        Assert.Equal(DocumentErrorCodes.ArchiveTooLarge, await Parse.FailureCodeAsync(path, DocumentKind.Docx));
    }

    [Fact]
    public async Task Zip_expanding_beyond_the_uncompressed_limit_fails_with_archive_too_large()
    {
        var path = TestCorpus.WriteZipBomb(_dir.Path, megabytesOfZeros: 3);
        var limits = ParsingLimits.Default with { MaxUncompressedBytes = 2 * 1024 * 1024, MaxCompressionRatio = 100_000 };

        Assert.Equal(DocumentErrorCodes.ArchiveTooLarge, await Parse.FailureCodeAsync(path, DocumentKind.Docx, limits));
    }

    [Fact]
    public async Task Zip_with_too_many_entries_fails_with_archive_too_large()
    {
        var path = TestCorpus.WriteZipWithManyEntries(_dir.Path, entries: 50);
        var limits = ParsingLimits.Default with { MaxZipEntries = 20 };

        Assert.Equal(DocumentErrorCodes.ArchiveTooLarge, await Parse.FailureCodeAsync(path, DocumentKind.Docx, limits));
    }

    [Fact]
    public async Task A_pdf_handed_to_the_docx_parser_fails_with_file_corrupt()
    {
        var path = TestCorpus.WritePdf(_dir.Path, [["not a docx"]], "fake.docx");

        Assert.Equal(DocumentErrorCodes.FileCorrupt, await Parse.FailureCodeAsync(path, DocumentKind.Docx));
    }

    [Theory]
    [InlineData(DocumentKind.Text)]
    [InlineData(DocumentKind.Pdf)]
    [InlineData(DocumentKind.Docx)]
    public async Task Zero_byte_file_fails_with_empty_document(DocumentKind kind)
    {
        var path = TestCorpus.WriteEmpty(_dir.Path);

        Assert.Equal(DocumentErrorCodes.EmptyDocument, await Parse.FailureCodeAsync(path, kind));
    }

    [Fact]
    public async Task Whitespace_only_text_fails_with_empty_document()
    {
        var path = TestCorpus.WriteText(_dir.Path, " \n\t\n\u3000 ");

        Assert.Equal(DocumentErrorCodes.EmptyDocument, await Parse.FailureCodeAsync(path, DocumentKind.Text));
    }

    [Fact]
    public async Task Text_over_the_character_limit_fails_with_text_too_long()
    {
        var path = TestCorpus.WriteText(_dir.Path, CorpusText.EnglishParagraph(1, sentences: 50));

        var code = await Parse.FailureCodeAsync(path, DocumentKind.Text, ParsingLimits.Default with { MaxExtractedChars = 100 });

        Assert.Equal(DocumentErrorCodes.TextTooLong, code);
    }

    [Fact]
    public async Task File_over_the_size_limit_fails_with_file_too_large()
    {
        var path = TestCorpus.WriteText(_dir.Path, new string('a', 2048));

        var code = await Parse.FailureCodeAsync(path, DocumentKind.Text, ParsingLimits.Default with { MaxFileBytes = 1024 });

        Assert.Equal(DocumentErrorCodes.FileTooLarge, code);
    }
}
