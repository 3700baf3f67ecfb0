using DocumentFormat.OpenXml.Packaging;

namespace TaskRunner.Ingestion.Parsing;

/// <summary>Reads an Office file into memory (async), checks it for zip bombs, and gives OpenXml safe settings.</summary>
internal static class OfficePackage
{
    public static async Task<MemoryStream> LoadAsync(string filePath, ParsingLimits limits, CancellationToken ct)
    {
        var bytes = await File.ReadAllBytesAsync(filePath, ct);
        var stream = new MemoryStream(bytes, writable: false);
        ZipArchiveGuard.EnsureSafe(stream, limits);
        return stream;
    }

    /// <summary>Caps each part's size as a second line of defence, in case the central directory lies about sizes.</summary>
    public static OpenSettings Settings(ParsingLimits limits) => new() { MaxCharactersInPart = limits.MaxUncompressedBytes };

    public static T Open<T>(Func<T> open)
    {
        try
        {
            return open();
        }
        catch (Exception ex) when (ex is InvalidDataException or OpenXmlPackageException or FileFormatException or System.Xml.XmlException)
        {
            throw ParseErrors.Corrupt("it is not a valid Office document", ex);
        }
    }
}
