using TaskRunner.Retrieval.VectorStore;
using TaskRunner.Retrieval.VectorStore.Postgres;

namespace TaskRunner.Tests.VectorStore;

public sealed class VectorSlabsTests
{
    [Fact]
    public void A_row_past_two_to_the_31_floats_is_addressed_inside_its_own_slab()
    {
        const int dimension = 512;
        var slabs = new VectorSlabs(dimension, rowsPerSlab: 16);
        const int far = 4_194_310; // 4,194,310 × 512 floats lies past int.MaxValue
        Assert.True((long)far * dimension > int.MaxValue);

        slabs.Row(far).Fill(7f);
        slabs.Row(6).Fill(1f); // the row a 32-bit offset would wrap towards
        slabs.Row(far + 1).Fill(8f);

        Assert.Equal((far / 16, (far % 16) * dimension), slabs.Locate(far));
        Assert.All(slabs.Row(far).ToArray(), v => Assert.Equal(7f, v));
        Assert.All(slabs.Row(far + 1).ToArray(), v => Assert.Equal(8f, v));
        Assert.All(slabs.Row(6).ToArray(), v => Assert.Equal(1f, v));
        Assert.Equal(2L * 16 * dimension * sizeof(float), slabs.Bytes); // only the two slabs touched exist
    }

    [Fact]
    public void A_cache_of_many_small_slabs_searches_exactly_as_rows_are_added_replaced_and_removed()
    {
        const int dimension = 8;
        var random = new Random(31);
        var cache = new TenantVectorCache(dimension, rowsPerSlab: 3);
        var vectors = new Dictionary<Guid, (VectorPayload Payload, float[] Vector)>();
        var document = Guid.NewGuid();
        for (var i = 0; i < 50; i++)
        {
            var id = Guid.NewGuid();
            vectors[id] = (new VectorPayload("t", document, i, null, null, "h"), Vector(random, dimension));
            cache.Load(new CachedVector(id, vectors[id].Payload), vectors[id].Vector);
        }

        var removed = vectors.Keys.Where((_, i) => i % 4 == 0).ToList();
        var replaced = vectors.Keys.Where((_, i) => i % 4 != 0 && i % 5 == 1).ToList();
        foreach (var id in removed)
        {
            vectors.Remove(id);
        }

        var written = replaced.Select(id => (Row: new CachedVector(id, vectors[id].Payload), Vector: Vector(random, dimension))).ToList();
        foreach (var (row, vector) in written)
        {
            vectors[row.Id] = (row.Payload, vector);
        }

        cache.Apply(new VectorChanges(new VectorWatermark(1, []), removed, written));

        var query = Vector(random, dimension);
        var expected = vectors.OrderByDescending(v => VectorMath.Cosine(query, v.Value.Vector)).Take(10).Select(v => v.Key);
        Assert.Equal(vectors.Count, cache.Count);
        Assert.Equal(expected, cache.Search(query, null, 10).Select(h => h.PointId));
    }

    private static float[] Vector(Random random, int dimension) => Enumerable.Range(0, dimension).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
}
