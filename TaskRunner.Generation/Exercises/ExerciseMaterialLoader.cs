using Microsoft.Extensions.Options;
using TaskRunner.Ingestion.Chunking;
using TaskRunner.Ingestion.Documents;
using TaskRunner.Generation.Exercises;
using TaskRunner.Ingestion.Parsing;
using TaskRunner.Retrieval;
using TaskRunner.Tasks;

namespace TaskRunner.Generation.Exercises;

/// <summary>
/// Gathers the passages for a generation: with documents, hybrid retrieval by the topic (or the text), falling back
/// to the documents' first chunks when there is no query or nothing matches; without documents, the pasted text cut
/// into chunks; with only a topic, nothing (the LLM writes from the topic alone).
/// </summary>
public sealed class ExerciseMaterialLoader(
    HybridRetriever retriever,
    ChunkStore chunks,
    DocumentStore documents,
    TextChunker chunker,
    ITokenCounter tokenCounter,
    IOptions<ChunkingOptions> chunkingOptions)
{
    public const int TopK = 8;
    private const int MaxQueryLength = 500;

    public async Task<ExerciseMaterial> LoadAsync(string tenantId, ExerciseGenerationInput input, CancellationToken ct)
    {
        if (input.DocumentIds.Count == 0)
        {
            if (string.IsNullOrWhiteSpace(input.Text))
            {
                return new ExerciseMaterial([], [], "topic");
            }

            var pieces = SplitText(input.Text);
            return new ExerciseMaterial(pieces, pieces.Select(_ => (RetrievedChunk?)null).ToList(), "text");
        }

        var query = !string.IsNullOrWhiteSpace(input.Topic) ? input.Topic.Trim() : input.Text?.Trim();
        IReadOnlyList<RetrievedChunk> found = [];
        var mode = "hybrid";
        if (!string.IsNullOrEmpty(query))
        {
            var result = await retriever.SearchAsync(tenantId, query[..Math.Min(query.Length, MaxQueryLength)], input.DocumentIds, TopK, ct);
            found = result.Chunks;
        }

        if (found.Count == 0)
        {
            mode = "leading";
            found = await LeadingChunksAsync(tenantId, input.DocumentIds, ct);
        }

        if (found.Count == 0)
        {
            await ThrowNoChunksAsync(tenantId, input.DocumentIds, ct);
        }

        // Reading order reads better in a prompt than rank order.
        var ordered = found.OrderBy(c => input.DocumentIds.ToList().IndexOf(c.DocumentId)).ThenBy(c => c.Ordinal).ToList();
        return new ExerciseMaterial(ordered.Select(c => c.Text).ToList(), ordered.Select(c => (RetrievedChunk?)c).ToList(), mode);
    }

    /// <summary>A document's first <paramref name="max"/> chunks, in order; fails as generation does when it has none.</summary>
    public async Task<IReadOnlyList<string>> LoadDocumentAsync(string tenantId, Guid documentId, int max, CancellationToken ct)
    {
        var (items, _) = await chunks.ListAsync(documentId, 1, max, ct);
        var texts = items.Where(c => c.TenantId == tenantId).Select(c => c.Text).ToList();
        if (texts.Count == 0)
        {
            await ThrowNoChunksAsync(tenantId, [documentId], ct);
        }

        return texts;
    }

    /// <summary>Pasted text cut into passages the way documents are chunked.</summary>
    public IReadOnlyList<string> SplitText(string text)
    {
        var parsed = new ParsedDocument([new DocumentBlock(text, null, null)], null);
        return chunker.Chunk(parsed, chunkingOptions.Value, tokenCounter).Select(c => c.Text).Take(TopK * 2).ToList();
    }

    private async Task<List<RetrievedChunk>> LeadingChunksAsync(string tenantId, IReadOnlyList<Guid> documentIds, CancellationToken ct)
    {
        var perDocument = Math.Max(1, (int)Math.Ceiling(TopK / (double)documentIds.Count));
        var leading = new List<RetrievedChunk>();
        foreach (var documentId in documentIds)
        {
            var (items, _) = await chunks.ListAsync(documentId, 1, perDocument, ct);
            leading.AddRange(items.Where(c => c.TenantId == tenantId).Select(c => new RetrievedChunk(c.DocumentId, c.Ordinal, c.Text, c.Page, c.Section, 0, null, null)));
        }

        return leading.Take(TopK).ToList();
    }

    private async Task ThrowNoChunksAsync(string tenantId, IReadOnlyList<Guid> documentIds, CancellationToken ct)
    {
        foreach (var id in documentIds)
        {
            var document = await documents.GetAsync(tenantId, id, ct)
                ?? throw new PermanentTaskException(ExerciseErrorCodes.DocumentNotFound, $"Document {id} no longer exists.");
            if (document.Status is DocumentStatuses.Pending or DocumentStatuses.Indexing)
            {
                throw new TransientTaskException(ExerciseErrorCodes.DocumentNotReady, $"Document {id} is still being ingested; generation waits for it.")
                {
                    RetryAfter = TimeSpan.FromSeconds(2),
                };
            }
        }

        throw new PermanentTaskException(ExerciseErrorCodes.DocumentEmpty, "The documents have no text to build exercises from.");
    }
}
