using System.IO.Compression;

namespace TaskRunner.Ingestion.Parsing;

/// <summary>
/// Rejects decompression bombs by reading only the ZIP central directory (declared sizes), before any entry is
/// inflated. The per-entry ratio check ignores entries under 1 MiB: small XML parts legitimately compress very well.
/// </summary>
internal static class ZipArchiveGuard
{
    private const long RatioCheckMinBytes = 1024 * 1024;

    public static void EnsureSafe(Stream stream, ParsingLimits limits)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw ParseErrors.Corrupt("its ZIP structure is damaged or truncated", ex);
        }

        using (zip)
        {
            if (zip.Entries.Count > limits.MaxZipEntries)
            {
                throw ParseErrors.ArchiveTooLarge($"it contains {zip.Entries.Count} parts (at most {limits.MaxZipEntries} allowed)");
            }

            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (total > limits.MaxUncompressedBytes)
                {
                    throw ParseErrors.ArchiveTooLarge($"it expands to more than {limits.MaxUncompressedBytes} bytes");
                }

                var ratio = entry.Length / Math.Max(1, entry.CompressedLength);
                if (entry.Length >= RatioCheckMinBytes && ratio > limits.MaxCompressionRatio)
                {
                    throw ParseErrors.ArchiveTooLarge($"the part '{entry.FullName}' is compressed {ratio}:1 (at most {limits.MaxCompressionRatio}:1 allowed)");
                }
            }
        }

        stream.Position = 0;
    }
}
