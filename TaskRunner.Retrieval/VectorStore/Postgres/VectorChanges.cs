namespace TaskRunner.Retrieval.VectorStore.Postgres;

/// <summary>
/// What changed in one (collection, tenant) since a watermark, read in one snapshot: points deleted (and not written
/// again), rows written with their vectors, and the snapshot read, which becomes the next watermark.
/// </summary>
internal sealed record VectorChanges(VectorWatermark Watermark, IReadOnlyList<Guid> Deleted, IReadOnlyList<(CachedVector Row, float[] Vector)> Written);
