using Microsoft.Extensions.Options;
using ModelContextProtocol;
using TaskRunner.Ingestion.Documents;
using TaskRunner.Ingestion.Parsing;
using TaskRunner.Ingestion.Storage;
using TaskRunner.Retrieval.Indexing;

namespace TaskRunner.Api.Mcp;

/// <summary>
/// Stores content an agent hands over and accepts it as the upload endpoint does: the same size limit, type detection,
/// duplicate check and ingestion task. A refused or duplicate file is not kept.
/// </summary>
public sealed class McpDocumentIntake(FileStorage storage, DocumentTypeDetector detector, DocumentIntake intake, IOptions<StorageOptions> options)
{
    public async Task<IntakeOutcome> AcceptAsync(string tenant, Stream content, string fileName, string title, CancellationToken ct)
    {
        StoredFile stored;
        try
        {
            stored = await storage.SaveAsync(content, options.Value.MaxUploadBytes, ct);
        }
        catch (UploadTooLargeException)
        {
            throw new McpException($"The content is larger than the limit of {options.Value.MaxUploadBytes / (1024 * 1024.0):0.#} MB.");
        }

        var keep = false;
        try
        {
            var detection = await detector.DetectAsync(stored, storage.GetFullPath(stored.RelativePath), fileName, ct);
            if (!detection.IsSupported)
            {
                throw new McpException(detection.Message ?? "The content's type is not supported.");
            }

            var outcome = await intake.AcceptAsync(tenant, new NewUpload(stored, fileName, title, detection.Kind!.Value), reindex: false, ct);
            keep = !outcome.Duplicate;
            return outcome;
        }
        finally
        {
            if (!keep)
            {
                storage.Delete(stored.RelativePath);
            }
        }
    }
}
