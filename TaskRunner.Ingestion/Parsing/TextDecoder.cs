using System.Text;
using UtfUnknown;

namespace TaskRunner.Ingestion.Parsing;

/// <summary>
/// Decodes uploaded text: a BOM wins; otherwise strict UTF-8; otherwise a legacy encoding. Chinese teachers' files
/// without a BOM are usually GBK/GB18030, so GB18030 is the fallback; a confident detection of another legacy
/// encoding (Big5, Shift-JIS, EUC-KR, Windows-1252) is used instead because GB18030 would decode those to garbage.
/// </summary>
public static class TextDecoder
{
    private const int DetectionSampleBytes = 64 * 1024;
    private const float MinDetectionConfidence = 0.8f;

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly Encoding Gb18030Encoding = RegisterCodePagesAndGet("GB18030");

    private static readonly HashSet<string> TrustedDetections = new(StringComparer.OrdinalIgnoreCase)
    {
        "big5", "shift_jis", "shift-jis", "euc-jp", "euc-kr", "windows-1252", "iso-8859-1",
    };

    public static Encoding Gb18030 => Gb18030Encoding;

    public static async Task<DecodedText> DecodeFileAsync(string filePath, CancellationToken ct)
    {
        var bytes = await File.ReadAllBytesAsync(filePath, ct);
        return Decode(bytes);
    }

    public static DecodedText Decode(ReadOnlySpan<byte> bytes)
    {
        if (TryDecodeWithBom(bytes) is { } withBom)
        {
            return withBom;
        }

        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return new DecodedText(StrictUtf8.GetString(bytes), "utf-8");
        }

        var detected = DetectLegacyEncoding(bytes);
        var encoding = detected ?? Gb18030Encoding;
        return new DecodedText(encoding.GetString(bytes), encoding.WebName);
    }

    /// <summary>Resolves a charset label from HTML or HTTP; GB2312 and GBK map to their superset GB18030, as browsers do.</summary>
    public static Encoding? TryGetEncoding(string charset)
    {
        var name = charset.Trim().Trim('"', '\'').ToLowerInvariant();
        if (name is "gb2312" or "gbk" or "gb18030" or "x-gbk" or "cp936" or "euc-cn")
        {
            return Gb18030Encoding;
        }

        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static DecodedText? TryDecodeWithBom(ReadOnlySpan<byte> bytes)
    {
        (Encoding Encoding, int Length)? bom = bytes switch
        {
            [0xFF, 0xFE, 0x00, 0x00, ..] => (new UTF32Encoding(bigEndian: false, byteOrderMark: true), 4),
            [0x00, 0x00, 0xFE, 0xFF, ..] => (new UTF32Encoding(bigEndian: true, byteOrderMark: true), 4),
            [0xEF, 0xBB, 0xBF, ..] => (Encoding.UTF8, 3),
            [0xFF, 0xFE, ..] => (Encoding.Unicode, 2),
            [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode, 2),
            _ => null,
        };
        return bom is { } b ? new DecodedText(b.Encoding.GetString(bytes[b.Length..]), b.Encoding.WebName) : null;
    }

    private static Encoding? DetectLegacyEncoding(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes[..Math.Min(bytes.Length, DetectionSampleBytes)].ToArray();
        var detail = CharsetDetector.DetectFromBytes(sample).Detected;
        if (detail?.EncodingName is not { } name || detail.Confidence < MinDetectionConfidence || !TrustedDetections.Contains(name))
        {
            return null;
        }

        return TryGetEncoding(name);
    }

    private static Encoding RegisterCodePagesAndGet(string name)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(name);
    }
}
