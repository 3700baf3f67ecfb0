using TaskRunner.Testing.Embeddings;

namespace TaskRunner.Tests.Embeddings;

/// <summary>
/// Hand computation of tests/fixtures/tiny-bert.onnx (scripts/make-tiny-onnx.py): hidden[s, j] = E[id mod 64, j] + T[type, j].
/// The model proves plumbing only (tokenisation, batching, padding, pooling, normalisation, shapes, thread safety), not semantics.
/// </summary>
internal static class TinyBert
{
    public const int Hidden = 8;

    public static double E(long id, int j) => ((id % 64 * 31 + j * 17) % 23 - 11) / 8.0;

    public static double T(int type, int j) => type / 2.0 + j / 8.0;

    public static double[] State(long id, bool withTokenTypes = true) =>
        Enumerable.Range(0, Hidden).Select(j => E(id, j) + (withTokenTypes ? T(0, j) : 0)).ToArray();

    public static double[] Cls(IReadOnlyList<int> ids, bool normalize) => Finish(State(ids[0]), normalize);

    public static double[] Mean(IReadOnlyList<int> ids, bool normalize, bool withTokenTypes = true)
    {
        var sum = new double[Hidden];
        foreach (var id in ids)
        {
            var state = State(id, withTokenTypes);
            for (var j = 0; j < Hidden; j++) sum[j] += state[j];
        }

        return Finish(sum.Select(v => v / ids.Count).ToArray(), normalize);
    }

    private static double[] Finish(double[] v, bool normalize)
    {
        if (!normalize) return v;
        var norm = Math.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    public static void AssertClose(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var j = 0; j < expected.Length; j++) Assert.Equal(expected[j], actual[j], 5);
    }
}
