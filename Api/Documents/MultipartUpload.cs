using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using TaskRunner.Ingestion.Storage;

namespace TaskRunner.Api.Documents;

/// <summary>
/// Reads a multipart/form-data upload section by section, streaming the <c>file</c> part straight to storage
/// (never buffering it whole) and keeping the small <c>title</c> field.
/// </summary>
public static class MultipartUpload
{
    private const int MaxTitleLength = 500;

    public static async Task<UploadReadResult> ReadAsync(HttpRequest request, FileStorage storage, long maxBytes, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) ||
            !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return UploadReadResult.Fail(415, "unsupported_content_type", "Send the document as multipart/form-data with a 'file' field (and optionally 'title').");
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary))
        {
            return UploadReadResult.Fail(400, "invalid_multipart", "The multipart/form-data content type has no boundary.");
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        StoredFile? stored = null;
        string? fileName = null;
        string? title = null;
        try
        {
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data"))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (disposition.IsFileDisposition() && name == "file" && stored is null)
                {
                    fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    stored = await storage.SaveAsync(section.Body, maxBytes, ct);
                }
                else if (name == "title")
                {
                    using var text = new StreamReader(section.Body);
                    var buffer = new char[MaxTitleLength + 1];
                    var read = await text.ReadBlockAsync(buffer.AsMemory(), ct);
                    title = new string(buffer, 0, Math.Min(read, MaxTitleLength)).Trim();
                }
            }
        }
        catch (UploadTooLargeException ex)
        {
            DeleteQuietly(storage, stored);
            return UploadReadResult.Fail(413, "file_too_large", $"The file is larger than the limit of {ex.Limit / (1024 * 1024.0):0.#} MB.");
        }
        catch (InvalidDataException ex)
        {
            DeleteQuietly(storage, stored);
            return UploadReadResult.Fail(400, "invalid_multipart", $"The multipart body is malformed: {ex.Message}");
        }
        catch (IOException ex) when (ex.InnerException is null)
        {
            DeleteQuietly(storage, stored);
            return UploadReadResult.Fail(400, "invalid_multipart", $"The multipart body ended early: {ex.Message}");
        }
        catch
        {
            // Aborted or failed after the file part was stored (client gone, cancellation, a broken connection):
            // nothing was acknowledged, so nothing is kept.
            DeleteQuietly(storage, stored);
            throw;
        }

        if (stored is null)
        {
            return UploadReadResult.Fail(400, "file_missing", "The request has no 'file' part; send the document in a multipart field named 'file'.");
        }

        if (stored.Size == 0)
        {
            DeleteQuietly(storage, stored);
            return UploadReadResult.Fail(400, "empty_file", "The uploaded file is empty.");
        }

        var safeName = Path.GetFileName(string.IsNullOrWhiteSpace(fileName) ? "upload" : fileName.Replace('\\', '/'));
        return new UploadReadResult(stored, safeName, string.IsNullOrWhiteSpace(title) ? Path.GetFileNameWithoutExtension(safeName) : title, null);
    }

    public static void DeleteQuietly(FileStorage storage, StoredFile? stored)
    {
        if (stored is not null)
        {
            try
            {
                storage.Delete(stored.RelativePath);
            }
            catch (IOException)
            {
                // Left for the operator; the upload was not acknowledged.
            }
        }
    }
}
