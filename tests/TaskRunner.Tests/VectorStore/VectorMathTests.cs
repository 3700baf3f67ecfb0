using Bogus;
using TaskRunner.Retrieval.VectorStore;

namespace TaskRunner.Tests.VectorStore;

public class VectorMathTests
{
    [Fact]
    public void Cosine_of_zero_vector_is_zero_not_nan()
    {
        Assert.Equal(0f, VectorMath.Cosine([0f, 0f], [1f, 0f]));
        Assert.Equal(1f, VectorMath.Cosine([2f, 0f], [5f, 0f]), 5);
        Assert.Equal(-1f, VectorMath.Cosine([1f, 1f], [-1f, -1f]), 5);
    }

    [Fact]
    public void Dot_of_normalised_vectors_equals_cosine()
    {
        float[] a = [3f, 4f];
        float[] b = [4f, 3f];
        var cosine = VectorMath.Cosine(a, b);
        VectorMath.Normalize(a);
        VectorMath.Normalize(b);

        Assert.Equal(cosine, VectorMath.Dot(a, b), 5);
        Assert.Equal(0.96f, cosine, 5);
    }

    [Fact]
    public void Top_k_matches_a_full_sort_best_first()
    {
        var random = new Randomizer(7);
        var candidates = Enumerable.Range(0, 500).Select(i => (Id: i, Vector: Enumerable.Range(0, 16).Select(_ => random.Float(-1, 1)).ToArray())).ToList();
        var query = Enumerable.Range(0, 16).Select(_ => random.Float(-1, 1)).ToArray();

        var top = VectorMath.TopK(query, candidates, c => c.Vector, k: 10);

        var expected = candidates.Select(c => (c.Id, Score: VectorMath.Cosine(query, c.Vector))).OrderByDescending(c => c.Score).Take(10).ToList();
        Assert.Equal(expected.Select(e => e.Id), top.Select(t => t.Item.Id));
        Assert.Equal(expected.Select(e => e.Score), top.Select(t => t.Score));
    }

    [Fact]
    public void Top_k_keeps_candidate_order_on_ties_and_handles_k_larger_than_the_set()
    {
        float[] same = [1f, 0f];
        var candidates = new[] { ("a", same), ("b", same), ("c", new[] { 0f, 1f }) };

        var top = VectorMath.TopK([1f, 0f], candidates, c => c.Item2, k: 2);
        var all = VectorMath.TopK([1f, 0f], candidates, c => c.Item2, k: 10);

        Assert.Equal(["a", "b"], top.Select(t => t.Item.Item1));
        Assert.Equal(["a", "b", "c"], all.Select(t => t.Item.Item1));
        Assert.Empty(VectorMath.TopK([1f, 0f], candidates, c => c.Item2, k: 0));
    }
}
