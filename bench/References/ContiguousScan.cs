using System.Numerics.Tensors;

namespace TaskRunner.Bench.References;

/// <summary>
/// The floor for the embedded store's search: unit vectors in one contiguous float array, scored by dot product only
/// (cosine of unit vectors), top-k kept in a small heap. No ids, payloads, filters or locks.
/// </summary>
public sealed class ContiguousScan
{
    private readonly float[] data;
    private readonly int dimension;
    private readonly int count;

    public ContiguousScan(IReadOnlyList<float[]> unitVectors, int dimension)
    {
        ArgumentNullException.ThrowIfNull(unitVectors);
        this.dimension = dimension;
        count = unitVectors.Count;
        data = new float[(long)count * dimension <= Array.MaxLength ? count * dimension : throw new ArgumentOutOfRangeException(nameof(unitVectors))];
        for (var i = 0; i < count; i++)
        {
            unitVectors[i].CopyTo(data.AsSpan(i * dimension, dimension));
        }
    }

    public (int Row, float Score)[] TopK(float[] unitQuery, int k)
    {
        var heap = new PriorityQueue<int, float>(k + 1);
        var weakest = float.NegativeInfinity;
        for (var i = 0; i < count; i++)
        {
            var score = TensorPrimitives.Dot(unitQuery, data.AsSpan(i * dimension, dimension));
            if (heap.Count < k)
            {
                heap.Enqueue(i, score);
                weakest = heap.Count == k && heap.TryPeek(out _, out var w) ? w : float.NegativeInfinity;
            }
            else if (score > weakest)
            {
                heap.EnqueueDequeue(i, score);
                heap.TryPeek(out _, out weakest);
            }
        }

        var result = new (int Row, float Score)[heap.Count];
        for (var i = result.Length - 1; heap.TryDequeue(out var row, out var score); i--)
        {
            result[i] = (row, score);
        }

        return result;
    }
}
