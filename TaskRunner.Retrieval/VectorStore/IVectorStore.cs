using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Tasks.Fencing;

namespace TaskRunner.Retrieval.VectorStore;

/// <summary>
/// Stores chunk vectors per embedding model (one collection per <see cref="EmbeddingModelInfo.CollectionName"/>).
/// Every read and delete is scoped to a tenant. Upserts are idempotent when ids come from <see cref="VectorPointId.For"/>.
/// </summary>
public interface IVectorStore
{
    /// <summary>Creates the model's collection and payload indexes if missing; safe to call before every batch.</summary>
    Task EnsureCollectionAsync(EmbeddingModelInfo model, CancellationToken ct);

    /// <summary>
    /// Inserts or replaces points. With a <paramref name="fence"/> the write happens only while that run owns its task:
    /// inside the write's transaction where the store is Postgres, checked just before the write where it is not (Qdrant).
    /// </summary>
    Task UpsertAsync(EmbeddingModelInfo model, IReadOnlyList<VectorPoint> points, CancellationToken ct, TaskFence? fence = null);

    /// <summary>
    /// Deletes every point of the document. With a <paramref name="fence"/> (a step clearing its document before it
    /// writes it again) the delete happens only while that run owns its task, as for <see cref="UpsertAsync"/>: a run
    /// presumed dead must not delete the vectors the run that replaced it has written.
    /// </summary>
    Task DeleteDocumentAsync(EmbeddingModelInfo model, string tenantId, Guid documentId, CancellationToken ct, TaskFence? fence = null);

    /// <summary>Nearest points by cosine similarity, best first, within the query's tenant (and documents when given).</summary>
    Task<IReadOnlyList<VectorHit>> SearchAsync(EmbeddingModelInfo model, VectorQuery query, CancellationToken ct);

    /// <summary>Ids stored for one document, for reconciliation against the chunk table.</summary>
    Task<IReadOnlyList<Guid>> ListPointIdsAsync(EmbeddingModelInfo model, string tenantId, Guid documentId, CancellationToken ct);

    /// <summary>Every point of the tenant with its payload (no vectors), for reconciliation against the chunk table.</summary>
    Task<IReadOnlyList<StoredPoint>> ListPointsAsync(EmbeddingModelInfo model, string tenantId, CancellationToken ct);

    /// <summary>
    /// The tenant's points with their payloads (no vectors), one page of at most <paramref name="pageSize"/> at a time,
    /// so reconciliation never holds a whole tenant. Deleting points already listed does not disturb the listing.
    /// </summary>
    IAsyncEnumerable<IReadOnlyList<StoredPoint>> ListPointPagesAsync(EmbeddingModelInfo model, string tenantId, int pageSize, CancellationToken ct);

    /// <summary>Deletes the given points of the tenant; ids that do not exist are ignored.</summary>
    Task DeletePointsAsync(EmbeddingModelInfo model, string tenantId, IReadOnlyList<Guid> pointIds, CancellationToken ct);
}
