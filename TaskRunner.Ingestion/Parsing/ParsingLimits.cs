namespace TaskRunner.Ingestion.Parsing;

/// <summary>The limits a parse enforces; built from <see cref="ParsingOptions"/>.</summary>
public sealed record ParsingLimits(
    long MaxFileBytes,
    int MaxPages,
    int MaxExtractedChars,
    int MaxZipEntries,
    long MaxUncompressedBytes,
    int MaxCompressionRatio,
    TimeSpan ParseTimeout)
{
    public static ParsingLimits Default { get; } = FromOptions(new ParsingOptions());

    public static ParsingLimits FromOptions(ParsingOptions options) => new(
        options.MaxFileBytes,
        options.MaxPages,
        options.MaxExtractedChars,
        options.MaxZipEntries,
        options.MaxUncompressedBytes,
        options.MaxCompressionRatio,
        TimeSpan.FromSeconds(options.ParseTimeoutSeconds));
}
