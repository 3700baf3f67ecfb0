namespace TaskRunner.Retrieval.VectorStore.Postgres;

/// <summary>
/// Vectors of one dimension in fixed-size float slabs of <see cref="RowsPerSlab"/> vectors each, so no single array
/// has to hold a tenant: a row's offset inside its slab always fits an int, however many rows there are (2.1 million
/// 512-dimension vectors already pass 2^31 floats). Slabs are allocated when a row in them is first asked for.
/// </summary>
internal sealed class VectorSlabs
{
    /// <summary>About 4 MB per slab: large enough to scan fast, small enough to grow without copying.</summary>
    public const int DefaultSlabFloats = 1 << 20;

    private float[]?[] slabs = [];

    public VectorSlabs(int dimension, int rowsPerSlab = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        Dimension = dimension;
        RowsPerSlab = rowsPerSlab > 0 ? rowsPerSlab : Math.Max(1, DefaultSlabFloats / dimension);
    }

    public int Dimension { get; }

    public int RowsPerSlab { get; }

    /// <summary>Bytes held by allocated slabs.</summary>
    public long Bytes { get; private set; }

    /// <summary>The vector at <paramref name="row"/>, allocating its slab if needed.</summary>
    public Span<float> Row(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        var (slab, offset) = Locate(row);
        if (slab >= slabs.Length)
        {
            Array.Resize(ref slabs, Math.Max(slab + 1, slabs.Length * 2));
        }

        var array = slabs[slab];
        if (array is null)
        {
            array = new float[RowsPerSlab * Dimension];
            slabs[slab] = array;
            Bytes += (long)array.Length * sizeof(float);
        }

        return array.AsSpan(offset, Dimension);
    }

    /// <summary>The allocated slab at <paramref name="slab"/> (null if none), for scanning a slab's rows in one span.</summary>
    public float[]? Slab(int slab) => slab < slabs.Length ? slabs[slab] : null;

    /// <summary>Frees slabs past the first <paramref name="rows"/> rows (after deletions shrank the cache).</summary>
    public void TrimTo(int rows)
    {
        var keep = (int)(((long)rows + RowsPerSlab - 1) / RowsPerSlab);
        for (var i = keep; i < slabs.Length; i++)
        {
            if (slabs[i] is { } array)
            {
                Bytes -= (long)array.Length * sizeof(float);
                slabs[i] = null;
            }
        }
    }

    /// <summary>Slab index and float offset inside it; the offset is computed per slab, never as row × dimension overall.</summary>
    internal (int Slab, int Offset) Locate(int row) => (row / RowsPerSlab, row % RowsPerSlab * Dimension);
}
