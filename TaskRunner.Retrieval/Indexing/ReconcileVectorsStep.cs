using Microsoft.Extensions.Options;
using TaskRunner.Ingestion.Documents;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Fencing;
using TaskRunner.Tasks.Pipelines;
using TaskRunner.Retrieval.VectorStore;

namespace TaskRunner.Retrieval.Indexing;

/// <summary>
/// The <c>vectors.reconcile</c> task, for the task's tenant and the current embedding collection, in pages of
/// <see cref="ReconcileOptions.PageSize"/> so memory stays bounded whatever the tenant's size. First the vectors, page by
/// page: those without a chunk are deleted, those made from other text than their chunk's are embedded again. Then the
/// chunks of ready documents, page by page, each document compared with its own point ids: chunks without a vector are
/// embedded. Documents not yet ready are left to their ingestion task.
/// </summary>
public sealed class ReconcileVectorsStep(
    ChunkInventory inventory,
    ChunkStore chunks,
    IEmbeddingProvider embedder,
    IVectorStore vectors,
    IOptions<EmbeddingsOptions> options,
    IOptions<ReconcileOptions> reconcileOptions) : IPipelineStep<NoInput>
{

    public async Task RunAsync(TaskRunContext<NoInput> context, CancellationToken ct)
    {
        var tenant = context.Task.TenantId;
        var model = embedder.Model;
        var pageSize = reconcileOptions.Value.PageSize;
        await vectors.EnsureCollectionAsync(model, ct);
        var chunkCount = await inventory.CountAsync(tenant, ct);
        var repaired = new HashSet<Guid>();
        int pointCount = 0, orphans = 0, stale = 0, missing = 0, reembedded = 0;

        await foreach (var page in vectors.ListPointPagesAsync(model, tenant, pageSize, ct))
        {
            pointCount += page.Count;
            var known = (await inventory.FindAsync(tenant, page.Select(p => p.Id).ToList(), ct)).ToDictionary(k => k.Id);
            var gone = page.Where(p => !known.ContainsKey(p.Id)).ToList();
            if (gone.Count > 0)
            {
                await vectors.DeletePointsAsync(model, tenant, gone.Select(p => p.Id).ToList(), ct);
                orphans += gone.Count;
                repaired.UnionWith(gone.Select(p => p.Payload.DocumentId));
            }

            var outdated = page.Where(p => known.TryGetValue(p.Id, out var k) && k.DocumentReady && k.ContentHash != p.Payload.TextHash)
                .Select(p => known[p.Id]).ToList();
            stale += outdated.Count;
            reembedded += await EmbedAsync(tenant, model, outdated, repaired, context.Fence, ct);
            await context.ReportAsync("reconciling", Math.Min(0.5, 0.5 * pointCount / Math.Max(1, chunkCount)), $"Checked {pointCount} vectors", ct);
        }

        var checkedChunks = 0;
        var current = (Document: Guid.Empty, PointIds: (HashSet<Guid>?)null);
        for (ChunkKey? after = null; ;)
        {
            var page = await inventory.ListReadyPageAsync(tenant, after, pageSize, ct);
            var absent = new List<ChunkKey>();
            foreach (var key in page)
            {
                if (current.PointIds is null || current.Document != key.DocumentId)
                {
                    // One document's ids at a time: a page may span documents and a document may span pages.
                    current = (key.DocumentId, (await vectors.ListPointIdsAsync(model, tenant, key.DocumentId, ct)).ToHashSet());
                }

                if (!current.PointIds.Contains(key.Id))
                {
                    absent.Add(key);
                }
            }

            missing += absent.Count;
            reembedded += await EmbedAsync(tenant, model, absent, repaired, context.Fence, ct);
            checkedChunks += page.Count;
            await context.ReportAsync("reconciling", 0.5 + (0.5 * checkedChunks / Math.Max(1, chunkCount)), $"Checked {checkedChunks} chunks", ct);
            if (page.Count < pageSize)
            {
                break;
            }

            after = page[^1];
        }

        context.ResultJson = TaskJson.Serialize(new ReconcileResult(tenant, model.CollectionName, (int)chunkCount, pointCount,
            missing, stale, reembedded, orphans, orphans, repaired.Count));
        context.ResultMessage = $"Re-embedded {reembedded} chunks and deleted {orphans} orphan vectors.";
    }

    /// <summary>Embeds the given chunks again under their deterministic ids; returns how many were written.</summary>
    private async Task<int> EmbedAsync(string tenant, EmbeddingModelInfo model, IReadOnlyList<ChunkKey> keys, HashSet<Guid> repaired, TaskFence fence, CancellationToken ct)
    {
        var done = 0;
        foreach (var batch in keys.Chunk(Math.Max(1, options.Value.BatchSize)))
        {
            var rows = await chunks.GetManyAsync(tenant, batch.Select(k => (k.DocumentId, k.Ordinal)).ToList(), ct);
            var embedded = await embedder.EmbedAsync(rows.Select(c => c.Text).ToList(), ct);
            var upserts = rows.Zip(embedded, (chunk, e) => new VectorPoint(
                VectorPointId.For(chunk.DocumentId, chunk.Ordinal),
                e.Vector,
                new VectorPayload(tenant, chunk.DocumentId, chunk.Ordinal, chunk.Page, chunk.Section, chunk.ContentHash))).ToList();
            await vectors.UpsertAsync(model, upserts, ct, fence);
            repaired.UnionWith(rows.Select(r => r.DocumentId));
            done += upserts.Count;
        }

        return done;
    }
}
