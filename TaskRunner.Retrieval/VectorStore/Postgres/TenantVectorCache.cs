using System.Buffers;

namespace TaskRunner.Retrieval.VectorStore.Postgres;

/// <summary>
/// One process's copy of a (collection, tenant)'s vectors: unit-length vectors in <see cref="VectorSlabs"/> (the only
/// copy of each vector), each row's id and payload, and an id index. Changes are applied under a write lock; searches
/// scan under a read lock. A cache being loaded is private to its loader, so loading takes no lock at all.
/// </summary>
internal sealed class TenantVectorCache(int dimension, int rowsPerSlab = 0)
{
    private readonly ReaderWriterLockSlim gate = new();
    private readonly Dictionary<Guid, int> rowOf = [];
    private readonly VectorSlabs slabs = new(dimension, rowsPerSlab);
    private CachedVector[] rows = new CachedVector[64];
    private int count;

    /// <summary>The snapshot the cache reflects.</summary>
    public VectorWatermark Watermark { get; private set; } = VectorWatermark.None;

    /// <summary>When the cache was loaded in full (<see cref="Environment.TickCount64"/>).</summary>
    public long LoadedAtTicks { get; } = Environment.TickCount64;

    public int Count => count;

    /// <summary>What the cache holds: the slabs, the row table and an estimate of the id index (about 32 bytes a row).</summary>
    public long Bytes => slabs.Bytes + ((long)rows.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<CachedVector>()) + ((long)rowOf.Count * 32);

    /// <summary>Adds a row while the cache is being loaded and not yet visible to searches.</summary>
    public void Load(CachedVector row, float[] vector) => Put(row, vector);

    public void CompleteLoad(VectorWatermark watermark) => Watermark = watermark;

    public void Apply(VectorChanges changes)
    {
        if (changes.Deleted.Count == 0 && changes.Written.Count == 0)
        {
            Watermark = changes.Watermark; // nothing to change: searches are not held up by a write lock
            return;
        }

        gate.EnterWriteLock();
        try
        {
            foreach (var id in changes.Deleted)
            {
                Remove(id);
            }

            foreach (var (row, vector) in changes.Written)
            {
                Put(row, vector);
            }

            slabs.TrimTo(count);
            Watermark = changes.Watermark;
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

        var unit = query.ToArray();
        VectorMath.Normalize(unit);
        gate.EnterReadLock();
        try
        {
            var heap = new PriorityQueue<int, (float Score, int Row)>(Comparer<(float Score, int Row)>.Create(CompareWeakestFirst));
            var weakest = float.NegativeInfinity;
            // Without a document filter every row is scored, a slab at a time in one optimised loop (SlabScorer).
            var slabScores = documents is null ? ArrayPool<float>.Shared.Rent(Math.Min(slabs.RowsPerSlab, Math.Max(count, 1))) : null;
            for (var slab = 0; limit > 0 && slab * slabs.RowsPerSlab < count; slab++)
            {
                var array = slabs.Slab(slab)!;
                var first = slab * slabs.RowsPerSlab;
                var inSlab = Math.Min(slabs.RowsPerSlab, count - first);
                if (slabScores is not null)
                {
                    SlabScorer.ScoreRows(unit, array, slabScores.AsSpan(0, inSlab));
                }

                for (var j = 0; j < inSlab; j++)
                {
                    var row = first + j;
                    if (documents is not null && !documents.Contains(rows[row].Payload.DocumentId))
                    {
                        continue;
                    }

                    var score = slabScores is not null ? slabScores[j] : SlabScorer.ScoreRow(unit, array.AsSpan(j * dimension, dimension));
                    if (heap.Count < limit)
                    {
                        heap.Enqueue(row, (score, row));
                        weakest = heap.Count == limit && heap.TryPeek(out _, out var w) ? w.Score : float.NegativeInfinity;
                    }
                    else if (score >= weakest && heap.TryPeek(out _, out var current) && CompareWeakestFirst((score, row), current) > 0)
                    {
                        heap.EnqueueDequeue(row, (score, row));
                        weakest = heap.TryPeek(out _, out var w) ? w.Score : weakest;
                    }
                }
            }

            var hits = new List<VectorHit>(heap.Count);
            while (heap.TryDequeue(out var row, out var priority))
            {
                hits.Add(new VectorHit(rows[row].Id, priority.Score, rows[row].Payload));
            }

            hits.Reverse();
            if (slabScores is not null)
            {
                ArrayPool<float>.Shared.Return(slabScores);
            }

            return hits;
        }
        finally
        {
            gate.ExitReadLock();
        }
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

    private void Put(CachedVector row, float[] vector)
    {
        if (vector.Length != dimension)
        {
            return; // a row of another shape cannot belong to this collection; never let it break searches
        }

        if (!rowOf.TryGetValue(row.Id, out var index))
        {
            index = count++;
            if (count > rows.Length)
            {
                Array.Resize(ref rows, Math.Max(count, rows.Length * 2));
            }

            rowOf[row.Id] = index;
        }

        rows[index] = row;
        var target = slabs.Row(index);
        vector.CopyTo(target);
        VectorMath.Normalize(target);
    }

    /// <summary>Moves the last row into the removed row's place, so the rows stay dense.</summary>
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
            slabs.Row(last).CopyTo(slabs.Row(index));
            rowOf[rows[index].Id] = index;
        }

        rows[last] = default;
    }
}
