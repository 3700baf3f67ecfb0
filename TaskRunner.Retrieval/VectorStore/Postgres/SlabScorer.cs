using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TaskRunner.Retrieval.VectorStore.Postgres;

/// <summary>
/// The dot products of one query against a slab's rows, the inner loop of <see cref="TenantVectorCache.Search"/>.
/// Compiled fully optimised from the first call: the per-row <c>TensorPrimitives.Dot</c> it replaces stayed in its
/// unoptimised instrumented tier under the chat benchmark (its Add and Multiply operators called, not inlined), which
/// made the scan about two thirds of the Api's CPU per chat. The summation order is fixed (four 8-float accumulators,
/// then the scalar tail), whatever the hardware's widest vector or the arrays' alignment, so equal rows always score
/// equally and a row's score does not depend on where its slab was allocated.
/// </summary>
internal static class SlabScorer
{
    /// <summary>Scores the first <paramref name="scores"/>.Length rows of <paramref name="slab"/> (rows of query.Length floats).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScoreRows(ReadOnlySpan<float> query, ReadOnlySpan<float> slab, Span<float> scores)
    {
        var dimension = query.Length;
        if ((long)scores.Length * dimension > slab.Length)
        {
            throw new ArgumentException($"{scores.Length} rows of {dimension} floats do not fit a slab of {slab.Length}.", nameof(scores));
        }

        ref var q = ref MemoryMarshal.GetReference(query);
        ref var s = ref MemoryMarshal.GetReference(slab);
        for (var row = 0; row < scores.Length; row++)
        {
            scores[row] = Dot(ref q, ref Unsafe.Add(ref s, row * dimension), dimension);
        }
    }

    /// <summary>One row's score, in the same order as <see cref="ScoreRows"/> (used when a document filter skips most rows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float ScoreRow(ReadOnlySpan<float> query, ReadOnlySpan<float> row)
    {
        if (row.Length < query.Length)
        {
            throw new ArgumentException($"A row of {row.Length} floats for a query of {query.Length}.", nameof(row));
        }

        return Dot(ref MemoryMarshal.GetReference(query), ref MemoryMarshal.GetReference(row), query.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(ref float q, ref float r, int n)
    {
        var i = 0;
        var sum = 0f;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            var a0 = Vector256<float>.Zero;
            var a1 = Vector256<float>.Zero;
            var a2 = Vector256<float>.Zero;
            var a3 = Vector256<float>.Zero;
            for (; i <= n - 32; i += 32)
            {
                a0 += Vector256.LoadUnsafe(ref q, (nuint)i) * Vector256.LoadUnsafe(ref r, (nuint)i);
                a1 += Vector256.LoadUnsafe(ref q, (nuint)(i + 8)) * Vector256.LoadUnsafe(ref r, (nuint)(i + 8));
                a2 += Vector256.LoadUnsafe(ref q, (nuint)(i + 16)) * Vector256.LoadUnsafe(ref r, (nuint)(i + 16));
                a3 += Vector256.LoadUnsafe(ref q, (nuint)(i + 24)) * Vector256.LoadUnsafe(ref r, (nuint)(i + 24));
            }

            for (; i <= n - 8; i += 8)
            {
                a0 += Vector256.LoadUnsafe(ref q, (nuint)i) * Vector256.LoadUnsafe(ref r, (nuint)i);
            }

            sum = Vector256.Sum((a0 + a1) + (a2 + a3));
        }

        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref q, i) * Unsafe.Add(ref r, i);
        }

        return sum;
    }
}
