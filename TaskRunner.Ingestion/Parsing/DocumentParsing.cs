namespace TaskRunner.Ingestion.Parsing;

/// <summary>
/// The one entry point the ingestion job calls. It picks the parser, applies the time limit, enforces page and
/// text limits, and guarantees that only <see cref="DocumentParseException"/> (permanent, with a code) or
/// <see cref="OperationCanceledException"/> (the caller cancelled) escape.
/// </summary>
/// <remarks>
/// The time limit is hard: the parse runs on a pool thread and the caller stops waiting for it when the limit (or a
/// cancel) arrives, even inside one pathological library call (one PDF page). The abandoned parse stops at its next
/// cooperative check of the token, and its result is dropped.
/// </remarks>
public sealed class DocumentParsing(IEnumerable<IDocumentParser> parsers)
{
    private readonly Dictionary<DocumentKind, IDocumentParser> _parsers = parsers.ToDictionary(p => p.Kind);

    /// <summary>All built-in parsers, for use without dependency injection (tools, tests).</summary>
    public static DocumentParsing CreateDefault() => new(
        [new PlainTextParser(), new MarkdownParser(), new HtmlParser(), new PdfParser(), new DocxParser(), new PptxParser()]);

    public async Task<ParsedDocument> ParseAsync(string filePath, DocumentKind kind, ParseContext context, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (!_parsers.TryGetValue(kind, out var parser))
        {
            throw new DocumentParseException(DocumentErrorCodes.UnsupportedMediaType, $"No parser is registered for {kind}. {ParseErrors.SupportedFormats}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(context.Limits.ParseTimeout);
        try
        {
            CheckFileSize(filePath, context.Limits);
            var parse = Task.Run(() => parser.ParseAsync(filePath, context, timeout.Token), CancellationToken.None);
            var document = await parse.WaitAsync(timeout.Token);
            return Validate(document, context.Limits);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
        {
            throw new DocumentParseException(DocumentErrorCodes.ParseTimeout, ParseErrors.Timeout(context.Limits.ParseTimeout).Message, ex);
        }
        catch (DocumentParseException)
        {
            throw;
        }
        catch (Exception ex)
        {
            // The exception's text can name storage paths; it stays in the inner exception, which the Worker logs.
            throw ParseErrors.Corrupt($"the {kind} parser could not read it ({ex.GetType().Name})", ex);
        }
    }

    private static void CheckFileSize(string filePath, ParsingLimits limits)
    {
        var length = new FileInfo(filePath).Length;
        if (length == 0)
        {
            throw ParseErrors.Empty();
        }

        if (length > limits.MaxFileBytes)
        {
            throw ParseErrors.FileTooLarge(length, limits.MaxFileBytes);
        }
    }

    private static ParsedDocument Validate(ParsedDocument document, ParsingLimits limits)
    {
        if (document.PageCount > limits.MaxPages)
        {
            throw ParseErrors.TooManyPages(document.PageCount.Value, limits.MaxPages, "page");
        }

        long chars = 0;
        foreach (var block in document.Blocks)
        {
            chars += block.Text.Length;
        }

        if (chars > limits.MaxExtractedChars)
        {
            throw ParseErrors.TextTooLong(limits.MaxExtractedChars);
        }

        return chars == 0 ? throw ParseErrors.Empty() : document;
    }
}
