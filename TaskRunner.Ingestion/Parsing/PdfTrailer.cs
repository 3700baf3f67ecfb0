namespace TaskRunner.Ingestion.Parsing;

/// <summary>
/// Finds an /Encrypt entry (in the trailer or an xref stream dictionary) without a PDF library, so a PDF whose
/// encryption PdfPig cannot handle is reported as encrypted rather than corrupt.
/// </summary>
internal static class PdfTrailer
{
    public static bool HasEncryptEntry(ReadOnlySpan<byte> pdf)
    {
        var key = "/Encrypt"u8;
        var offset = 0;
        while (offset < pdf.Length)
        {
            var found = pdf[offset..].IndexOf(key);
            if (found < 0)
            {
                return false;
            }

            var after = offset + found + key.Length;
            if (after < pdf.Length && !IsNameChar(pdf[after]))
            {
                return true;
            }

            offset = after;
        }

        return false;
    }

    private static bool IsNameChar(byte b) => b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z');
}
