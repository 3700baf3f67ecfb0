using Microsoft.Extensions.Options;
using TaskRunner.Ingestion.Chunking;
using TaskRunner.Ingestion.Documents;
using TaskRunner.Ingestion.Parsing;
using TaskRunner.Ingestion.Storage;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Fencing;
using TaskRunner.Tasks.Pipelines;
using TaskRunner.Retrieval.VectorStore;

namespace TaskRunner.Retrieval.Indexing;

/// <summary>
/// Ingestion's first step: parse the stored upload, chunk it, and replace the document's chunks in one transaction
/// (so a re-run never duplicates); the document is then <c>indexing</c> until the embed step has written its vectors.
/// A file that cannot be parsed fails the task, and the document, with the parser's code; the upload is kept.
/// </summary>
public sealed class ExtractStep(
    DocumentStore documents,
    ChunkStore chunks,
    FileStorage storage,
    DocumentParsing parsing,
    ParsingLimits limits,
    TextChunker chunker,
    ITokenCounter tokenCounter,
    IOptions<ChunkingOptions> chunkingOptions) : IPipelineStep<NoInput>
{

    public async Task RunAsync(TaskRunContext<NoInput> context, CancellationToken ct)
    {
        var documentId = context.RequireDocumentId();
        var document = await documents.GetByIdAsync(documentId, ct)
            ?? throw new PermanentTaskException(TaskErrorCodes.DocumentMissing, $"Document {documentId} no longer exists.");
        if (!Enum.TryParse<DocumentKind>(document.Kind, ignoreCase: true, out var kind))
        {
            throw new PermanentTaskException(DocumentErrorCodes.UnsupportedMediaType, $"Documents of kind '{document.Kind}' cannot be ingested.");
        }

        await context.ReportAsync("parsing", 0.02, $"Parsing {document.FileName}", ct);
        var parsed = await parsing.ParseAsync(storage.GetFullPath(document.StoragePath), kind, new ParseContext(limits, (p, token) =>
            context.ReportAsync("parsing", 0.02 + (0.68 * p.Done / Math.Max(1, p.Total)), $"{p.Unit} {p.Done} of {p.Total}", token)), ct);

        await context.ReportAsync("chunking", 0.75, $"Chunking {parsed.Blocks.Count} blocks", ct);
        var pieces = chunker.Chunk(parsed, chunkingOptions.Value, tokenCounter);
        if (pieces.Count == 0)
        {
            throw new PermanentTaskException(DocumentErrorCodes.EmptyDocument, "The document contains no text to index.");
        }

        await context.ReportAsync("storing", 0.85, $"Storing {pieces.Count} chunks", ct);
        await chunks.ReplaceAsync(document.Id, pieces.Select(c => new ChunkRecord
        {
            Id = VectorPointId.For(document.Id, c.Ordinal),
            DocumentId = document.Id,
            TenantId = document.TenantId,
            Ordinal = c.Ordinal,
            Text = c.Text,
            TokenCount = c.TokenCount,
            Page = c.Page,
            Section = c.Section,
            ContentHash = c.ContentHash,
        }).ToList(), ct, context.Fence);
        await documents.SetStatusAsync(document.Id, DocumentStatuses.Indexing, pieces.Count, parsed.PageCount, ct, context.Fence);

        context.ResultJson = TaskJson.Serialize(new IngestionResult(document.Id, kind.ToString().ToLowerInvariant(), pieces.Count, parsed.PageCount,
            pieces.Sum(c => c.Text.Length), tokenCounter.Unit));
        context.ResultMessage = $"Ingested {pieces.Count} chunks.";
    }

    public Task OnFailedAsync(TaskRecord task, TaskError error, TaskFence fence, CancellationToken ct) =>
        documents.SetFailedForTaskAsync(task, error, fence, ct);
}
