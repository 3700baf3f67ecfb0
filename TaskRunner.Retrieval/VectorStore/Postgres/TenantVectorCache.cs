using System.Numerics.Tensors;

namespace TaskRunner.Retrieval.VectorStore.Postgres;

/// <summary>
/// One process's copy of a (collection, tenant)'s vectors: a contiguous float slab, each row's inverse norm and
/// payload, and an id index. Changes are applied under a write lock; searches scan under a read lock.
/// </summary>
internal sealed class TenantVectorCache(int dimension) : IDisposable
{
    private readonly ReaderWriterLockSlim gate = new();
    private readonly Dictionary<Guid, int> rowOf = [];
    private float[] slab = new float[dimension * 64];
    private float[] inverseNorms = new float[64];
    private CachedVector[] rows = new CachedVector[64];
    private int count;

    /// <summary>Serialises refreshes of this cache (one database read at a time).</summary>
    public SemaphoreSlim RefreshLock { get; } = new(1, 1);

    /// <summary>The xmin of the snapshot the cache reflects; null before the first load.</summary>
    public ulong? Watermark { get; private set; }

    public long RefreshedAtTicks { get; private set; }

    public int Count => count;

    public void Apply(VectorChanges changes)
    {
        gate.EnterWriteLock();
        try
        {
            if (changes.IsFullLoad)
            {
                rowOf.Clear();
                count = 0;
            }

            foreach (var id in changes.Deleted)
            {
                Remove(id);
            }

            foreach (var row in changes.Written)
            {
                Put(row);
            }

            Watermark = changes.Watermark;
            RefreshedAtTicks = Environment.TickCount64;
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <summary>Exact cosine top-k, best first; equal scores are ordered by document id and ordinal, so results are stable.</summary>
    public IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, IReadOnlySet<Guid>? documents, int limit)
    {
        if (query.Length != dimension)
        {
            throw new VectorStoreException($"Query of {query.Length} dimensions for a {dimension}-dimension collection.", isTransient: false);
        }

        var queryNorm = TensorPrimitives.Norm(query);
        gate.EnterReadLock();
        try
        {
            var heap = new PriorityQueue<int, (float Score, int Row)>(Comparer<(float Score, int Row)>.Create(CompareWeakestFirst));
            for (var i = 0; i < count && limit > 0; i++)
            {
                if (documents is not null && !documents.Contains(rows[i].Payload.DocumentId))
                {
                    continue;
                }

                var score = queryNorm == 0f ? 0f : TensorPrimitives.Dot(query, slab.AsSpan(i * dimension, dimension)) * inverseNorms[i] / queryNorm;
                if (heap.Count < limit)
                {
                    heap.Enqueue(i, (score, i));
                }
                else if (heap.TryPeek(out _, out var weakest) && CompareWeakestFirst((score, i), weakest) > 0)
                {
                    heap.EnqueueDequeue(i, (score, i));
                }
            }

            var hits = new List<VectorHit>(heap.Count);
            while (heap.TryDequeue(out var row, out var priority))
            {
                hits.Add(new VectorHit(rows[row].Id, priority.Score, rows[row].Payload));
            }

            hits.Reverse();
            return hits;
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    public void Dispose()
    {
        gate.Dispose();
        RefreshLock.Dispose();
    }

    /// <summary>Orders candidates from weakest to strongest: lower score first; on a tie, the later (document, ordinal) is weaker.</summary>
    private int CompareWeakestFirst((float Score, int Row) a, (float Score, int Row) b)
    {
        var byScore = a.Score.CompareTo(b.Score);
        if (byScore != 0) return byScore;
        var pa = rows[a.Row].Payload;
        var pb = rows[b.Row].Payload;
        var byDocument = pb.DocumentId.CompareTo(pa.DocumentId);
        return byDocument != 0 ? byDocument : pb.Ordinal.CompareTo(pa.Ordinal);
    }

    private void Put(CachedVector row)
    {
        if (row.Vector.Length != dimension)
        {
            return; // a row of another shape cannot belong to this collection; never let it break searches
        }

        if (!rowOf.TryGetValue(row.Id, out var index))
        {
            index = count++;
            EnsureCapacity(count);
            rowOf[row.Id] = index;
        }

        rows[index] = row;
        row.Vector.CopyTo(slab.AsSpan(index * dimension, dimension));
        var norm = TensorPrimitives.Norm(row.Vector);
        inverseNorms[index] = norm == 0f ? 0f : 1f / norm;
    }

    /// <summary>Moves the last row into the removed row's place, so the slab stays dense.</summary>
    private void Remove(Guid id)
    {
        if (!rowOf.Remove(id, out var index))
        {
            return;
        }

        var last = --count;
        if (index != last)
        {
            rows[index] = rows[last];
            inverseNorms[index] = inverseNorms[last];
            slab.AsSpan(last * dimension, dimension).CopyTo(slab.AsSpan(index * dimension, dimension));
            rowOf[rows[index].Id] = index;
        }

        rows[last] = null!;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= rows.Length) return;
        var capacity = Math.Max(needed, rows.Length * 2);
        Array.Resize(ref rows, capacity);
        Array.Resize(ref inverseNorms, capacity);
        Array.Resize(ref slab, capacity * dimension);
    }
}
