namespace TaskRunner.Retrieval.VectorStore.Postgres;

/// <summary>
/// What a cache has seen: everything visible in one snapshot, that is every transaction below <see cref="Xmax"/> except
/// those still <see cref="InProgress"/> then. The changes since are exactly the rows and deletions stamped with an id at
/// or above Xmax or in InProgress. (The snapshot's xmin alone would be a safe bound too, but one long transaction
/// anywhere in the cluster holds it back, and every refresh would read again every vector written since it began.)
/// </summary>
internal sealed record VectorWatermark(ulong Xmax, IReadOnlyList<ulong> InProgress)
{
    public static readonly VectorWatermark None = new(0, []);
}
