namespace TaskRunner.Ingestion.Parsing;

/// <summary>What a parser needs besides the file: the limits to enforce and where to report progress.</summary>
public sealed record ParseContext(ParsingLimits Limits, Func<ParseProgress, CancellationToken, Task>? ReportProgressAsync = null)
{
    internal Task ReportAsync(int done, int total, string unit, CancellationToken ct) =>
        ReportProgressAsync is null ? Task.CompletedTask : ReportProgressAsync(new ParseProgress(done, total, unit), ct);
}
