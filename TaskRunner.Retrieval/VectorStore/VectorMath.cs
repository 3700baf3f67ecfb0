using System.Numerics.Tensors;

namespace TaskRunner.Retrieval.VectorStore;

/// <summary>Similarity and top-k helpers for stores that score candidates in process (e.g. the Postgres-embedded store).</summary>
public static class VectorMath
{
    /// <summary>Dot product; equals cosine similarity when both vectors are L2-normalised.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.Dot(a, b);

    /// <summary>Cosine similarity; 0 (not NaN) when either vector is all zeros.</summary>
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var na = TensorPrimitives.Norm(a);
        var nb = TensorPrimitives.Norm(b);
        return na == 0f || nb == 0f ? 0f : TensorPrimitives.Dot(a, b) / (na * nb);
    }

    /// <summary>Scales to unit length in place; an all-zero vector stays zero.</summary>
    public static void Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0f) TensorPrimitives.Divide(vector, norm, vector);
    }

    /// <summary>
    /// The <paramref name="k"/> candidates most cosine-similar to <paramref name="query"/>, best first; ties keep candidate order.
    /// Uses a size-k heap, so memory stays O(k) however many candidates there are.
    /// </summary>
    public static IReadOnlyList<(T Item, float Score)> TopK<T>(ReadOnlySpan<float> query, IEnumerable<T> candidates, Func<T, float[]> vectorOf, int k)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(vectorOf);
        if (k <= 0) return [];

        // Min-heap on (score, -index): the root is the weakest kept candidate.
        var heap = new PriorityQueue<(T Item, float Score, int Index), (float Score, int NegIndex)>();
        var index = 0;
        foreach (var candidate in candidates)
        {
            var vector = vectorOf(candidate);
            if (vector.Length != query.Length)
                throw new ArgumentException($"Candidate {index} has {vector.Length} dimensions; the query has {query.Length}.", nameof(candidates));
            var score = Cosine(query, vector);
            var priority = (score, -index);
            if (heap.Count < k) heap.Enqueue((candidate, score, index), priority);
            else if (heap.TryPeek(out _, out var weakest) && Compare(priority, weakest) > 0) heap.EnqueueDequeue((candidate, score, index), priority);
            index++;
        }

        var result = new List<(T Item, float Score, int Index)>(heap.Count);
        while (heap.TryDequeue(out var entry, out _)) result.Add(entry);
        result.Reverse();
        return result.Select(e => (e.Item, e.Score)).ToList();
    }

    private static int Compare((float Score, int NegIndex) a, (float Score, int NegIndex) b)
    {
        var byScore = a.Score.CompareTo(b.Score);
        return byScore != 0 ? byScore : a.NegIndex.CompareTo(b.NegIndex);
    }
}
