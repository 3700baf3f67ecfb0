using System.IO.Compression;

namespace TaskRunner.Ingestion.Parsing;

/// <summary>Looks at a file's first bytes (and a ZIP's central directory) to say what it really is.</summary>
internal static class ContentSniffer
{
    public const int HeadBytes = Storage.FileStorage.HeadBytes;

    public static async Task<SniffedContent> SniffAsync(Stream stream, byte[] head, CancellationToken ct) =>
        IsZip(head) ? await SniffZipAsync(stream, ct) : SniffHead(head);

    /// <summary>A ZIP needs its central directory (<see cref="SniffAsync"/>); anything else is told by its first bytes.</summary>
    public static bool IsZip(ReadOnlySpan<byte> head) => head.StartsWith("PK\x03\x04"u8);

    /// <summary>What the first bytes of a file that is not a ZIP say it is.</summary>
    public static SniffedContent SniffHead(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF-"u8))
        {
            return new SniffedContent(SniffedKind.Pdf, "a PDF document");
        }

        if (DescribeBinary(head) is { } binary)
        {
            return new SniffedContent(SniffedKind.Binary, binary);
        }

        var text = TextDecoder.Decode(head).Text;
        return LooksLikeHtml(text)
            ? new SniffedContent(SniffedKind.Html, "an HTML page")
            : new SniffedContent(SniffedKind.Text, "plain text");
    }

    private static async Task<SniffedContent> SniffZipAsync(Stream stream, CancellationToken ct)
    {
        try
        {
            stream.Position = 0;
            await using var zip = await ZipArchive.CreateAsync(stream, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, ct);
            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (names.Contains("[Content_Types].xml"))
            {
                if (names.Contains("word/document.xml"))
                {
                    return new SniffedContent(SniffedKind.Docx, "a Word (.docx) document");
                }

                if (names.Contains("ppt/presentation.xml"))
                {
                    return new SniffedContent(SniffedKind.Pptx, "a PowerPoint (.pptx) presentation");
                }

                if (names.Contains("xl/workbook.xml"))
                {
                    return new SniffedContent(SniffedKind.OtherZip, "an Excel (.xlsx) workbook");
                }
            }

            return new SniffedContent(SniffedKind.OtherZip, "a ZIP archive");
        }
        catch (InvalidDataException)
        {
            return new SniffedContent(SniffedKind.CorruptZip, "a damaged or truncated ZIP archive");
        }
    }

    private static bool LooksLikeHtml(string text)
    {
        var start = text.AsSpan().TrimStart("\uFEFF \t\r\n\f");
        if (start.IsEmpty || start[0] != '<')
        {
            return false;
        }

        var window = start[..Math.Min(start.Length, 1024)];
        return window.Contains("<!doctype html", StringComparison.OrdinalIgnoreCase)
            || window.Contains("<html", StringComparison.OrdinalIgnoreCase)
            || window.Contains("<head", StringComparison.OrdinalIgnoreCase)
            || window.Contains("<body", StringComparison.OrdinalIgnoreCase);
    }

    private static string? DescribeBinary(ReadOnlySpan<byte> head)
    {
        var known = head switch
        {
            [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "a PNG image",
            [0xFF, 0xD8, 0xFF, ..] => "a JPEG image",
            [(byte)'G', (byte)'I', (byte)'F', (byte)'8', ..] => "a GIF image",
            [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "a WebP image",
            [0xD0, 0xCF, 0x11, 0xE0, ..] => "a legacy Office 97-2003 file (.doc/.ppt/.xls); save it as .docx or .pptx",
            [(byte)'M', (byte)'Z', ..] => "a Windows program",
            [0x7F, (byte)'E', (byte)'L', (byte)'F', ..] => "a Linux program",
            [0x1F, 0x8B, ..] => "a gzip archive",
            [(byte)'7', (byte)'z', 0xBC, 0xAF, ..] => "a 7-Zip archive",
            [(byte)'R', (byte)'a', (byte)'r', (byte)'!', ..] => "a RAR archive",
            [(byte)'{', (byte)'\\', (byte)'r', (byte)'t', (byte)'f', ..] => "an RTF document",
            _ => null,
        };
        if (known is not null)
        {
            return known;
        }

        var hasUnicodeBom = head is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] or [0x00, 0x00, 0xFE, 0xFF, ..];
        return !hasUnicodeBom && LooksBinary(head) ? "a binary file" : null;
    }

    private static bool LooksBinary(ReadOnlySpan<byte> head)
    {
        var control = 0;
        foreach (var b in head)
        {
            if (b == 0)
            {
                return true;
            }

            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C or 0x0B or 0x1B))
            {
                control++;
            }
        }

        return control > head.Length / 100;
    }
}
