using Microsoft.Extensions.Options;
using TaskRunner.Ingestion.Documents;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Pipelines;
using TaskRunner.Retrieval.VectorStore;

namespace TaskRunner.Retrieval.Indexing;

/// <summary>
/// The <c>vectors.reconcile</c> task, for the task's tenant and the current embedding collection: vectors without a
/// chunk are deleted; chunks of ready documents without a vector (or whose vector was made from other text) are embedded
/// again under their deterministic ids. Points are listed before chunks, so a vector written meanwhile is never
/// taken for an orphan. Documents not yet ready are left to their ingestion task.
/// </summary>
public sealed class ReconcileVectorsStep(
    ChunkInventory inventory,
    ChunkStore chunks,
    IEmbeddingProvider embedder,
    IVectorStore vectors,
    IOptions<EmbeddingsOptions> options) : IPipelineStep<NoInput>
{

    public async Task RunAsync(TaskRunContext<NoInput> context, CancellationToken ct)
    {
        var tenant = context.Task.TenantId;
        var model = embedder.Model;
        await context.ReportAsync("reconciling", 0.02, $"Listing vectors of {model.CollectionName}", ct);
        await vectors.EnsureCollectionAsync(model, ct);
        var points = (await vectors.ListPointsAsync(model, tenant, ct)).ToDictionary(p => p.Id);
        await context.ReportAsync("reconciling", 0.1, "Listing chunks", ct);
        var keys = await inventory.ListAsync(tenant, ct);
        var chunkIds = keys.Select(k => k.Id).ToHashSet();

        var orphans = points.Keys.Where(id => !chunkIds.Contains(id)).ToList();
        if (orphans.Count > 0)
        {
            await context.ReportAsync("reconciling", 0.2, $"Deleting {orphans.Count} vectors without chunks", ct);
            await vectors.DeletePointsAsync(model, tenant, orphans, ct);
        }

        var missing = keys.Where(k => k.DocumentReady && !points.ContainsKey(k.Id)).ToList();
        var stale = keys.Where(k => k.DocumentReady && points.TryGetValue(k.Id, out var p) && p.Payload.TextHash != k.ContentHash).ToList();
        var toEmbed = missing.Concat(stale).ToList();
        var done = 0;
        foreach (var batch in toEmbed.Chunk(Math.Max(1, options.Value.BatchSize)))
        {
            var rows = await chunks.GetManyAsync(tenant, batch.Select(k => (k.DocumentId, k.Ordinal)).ToList(), ct);
            var embedded = await embedder.EmbedAsync(rows.Select(c => c.Text).ToList(), ct);
            var upserts = rows.Zip(embedded, (chunk, e) => new VectorPoint(
                VectorPointId.For(chunk.DocumentId, chunk.Ordinal),
                e.Vector,
                new VectorPayload(tenant, chunk.DocumentId, chunk.Ordinal, chunk.Page, chunk.Section, chunk.ContentHash))).ToList();
            await vectors.UpsertAsync(model, upserts, ct);
            done += upserts.Count;
            await context.ReportAsync("reconciling", 0.3 + (0.7 * done / toEmbed.Count), $"Embedded {done} of {toEmbed.Count} chunks without vectors", ct);
        }

        var repairedDocuments = toEmbed.Select(k => k.DocumentId)
            .Concat(orphans.Select(id => points[id].Payload.DocumentId)).Distinct().Count();
        context.ResultJson = TaskJson.Serialize(new ReconcileResult(tenant, model.CollectionName, keys.Count, points.Count,
            missing.Count, stale.Count, done, orphans.Count, orphans.Count, repairedDocuments));
        context.ResultMessage = $"Re-embedded {done} chunks and deleted {orphans.Count} orphan vectors.";
    }
}
