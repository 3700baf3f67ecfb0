using TaskRunner.Ingestion.Parsing;
using TaskRunner.Testing.Corpus;

namespace TaskRunner.Tests.Parsing;

/// <summary>
/// The entry point's guarantees. A stub parser stands in only where no real document can trigger the case
/// deterministically (a parse that never finishes, an unexpected library exception).
/// </summary>
public sealed class DocumentParsingTests : IDisposable
{
    private readonly CorpusDirectory _dir = new();
    private readonly string _file;

    public DocumentParsingTests() => _file = TestCorpus.WriteText(_dir.Path, "some text");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_parse_that_exceeds_the_time_limit_fails_with_parse_timeout()
    {
        var parsing = new DocumentParsing([new StubParser(ct => Task.Delay(Timeout.Infinite, ct))]);
        var limits = ParsingLimits.Default with { ParseTimeout = TimeSpan.FromMilliseconds(20) };

        var error = await Assert.ThrowsAsync<DocumentParseException>(
            () => parsing.ParseAsync(_file, DocumentKind.Text, new ParseContext(limits), CancellationToken.None));

        Assert.Equal(DocumentErrorCodes.ParseTimeout, error.Code);
    }

    [Fact]
    public async Task Caller_cancellation_surfaces_as_operation_canceled_not_as_a_timeout()
    {
        var started = new TaskCompletionSource();
        var parsing = new DocumentParsing([new StubParser(ct =>
        {
            started.SetResult();
            return Task.Delay(Timeout.Infinite, ct);
        })]);
        using var cts = new CancellationTokenSource();

        var parse = parsing.ParseAsync(_file, DocumentKind.Text, new ParseContext(ParsingLimits.Default), cts.Token);
        await started.Task;
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => parse);
    }

    [Fact]
    public async Task An_unexpected_library_exception_becomes_file_corrupt()
    {
        var parsing = new DocumentParsing([new StubParser(_ => throw new InvalidOperationException("library bug"))]);

        var error = await Assert.ThrowsAsync<DocumentParseException>(
            () => parsing.ParseAsync(_file, DocumentKind.Text, new ParseContext(ParsingLimits.Default), CancellationToken.None));

        Assert.Equal(DocumentErrorCodes.FileCorrupt, error.Code);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public async Task A_missing_file_becomes_file_corrupt_rather_than_an_io_exception()
    {
        var parsing = DocumentParsing.CreateDefault();

        var error = await Assert.ThrowsAsync<DocumentParseException>(() => parsing.ParseAsync(
            Path.Combine(_dir.Path, "gone.txt"), DocumentKind.Text, new ParseContext(ParsingLimits.Default), CancellationToken.None));

        Assert.Equal(DocumentErrorCodes.FileCorrupt, error.Code);
    }

    private sealed class StubParser(Func<CancellationToken, Task> body) : IDocumentParser
    {
        public DocumentKind Kind => DocumentKind.Text;

        public async Task<ParsedDocument> ParseAsync(string filePath, ParseContext context, CancellationToken ct)
        {
            await body(ct);
            return new ParsedDocument([new DocumentBlock("text", null, null)], null);
        }
    }
}
