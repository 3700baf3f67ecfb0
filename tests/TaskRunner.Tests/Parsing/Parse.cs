using TaskRunner.Ingestion.Parsing;

namespace TaskRunner.Tests.Parsing;

/// <summary>Runs the real <see cref="DocumentParsing"/> entry point, as the ingestion job does.</summary>
internal static class Parse
{
    public static Task<ParsedDocument> FileAsync(string path, DocumentKind kind, ParsingLimits? limits = null, List<ParseProgress>? progress = null) =>
        DocumentParsing.CreateDefault().ParseAsync(path, kind, Context(limits, progress), CancellationToken.None);

    public static ParseContext Context(ParsingLimits? limits = null, List<ParseProgress>? progress = null) =>
        new(limits ?? ParsingLimits.Default, progress is null ? null : (p, _) =>
        {
            progress.Add(p);
            return Task.CompletedTask;
        });

    public static async Task<string> FailureCodeAsync(string path, DocumentKind kind, ParsingLimits? limits = null)
    {
        var error = await Assert.ThrowsAsync<DocumentParseException>(() => FileAsync(path, kind, limits));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        return error.Code;
    }

    public static string AllText(ParsedDocument document) => string.Join("\n", document.Blocks.Select(b => b.Text));
}
