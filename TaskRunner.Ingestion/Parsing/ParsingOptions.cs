using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Ingestion.Parsing;

/// <summary>Limits that protect the workers from hostile or oversized documents.</summary>
public sealed class ParsingOptions
{
    public const string SectionName = "Parsing";

    [Range(1, 4L * 1024 * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;

    [Range(1, 100_000)]
    public int MaxPages { get; set; } = 2000;

    [Range(1, 500_000_000)]
    public int MaxExtractedChars { get; set; } = 20_000_000;

    [Range(1, 1_000_000)]
    public int MaxZipEntries { get; set; } = 10_000;

    [Range(1, 64L * 1024 * 1024 * 1024)]
    public long MaxUncompressedBytes { get; set; } = 512L * 1024 * 1024;

    [Range(2, 100_000)]
    public int MaxCompressionRatio { get; set; } = 200;

    [Range(1, 86_400)]
    public int ParseTimeoutSeconds { get; set; } = 300;

    public ParsingLimits ToLimits() => ParsingLimits.FromOptions(this);
}
