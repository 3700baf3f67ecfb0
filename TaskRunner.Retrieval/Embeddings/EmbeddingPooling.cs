using System.Numerics.Tensors;

namespace TaskRunner.Retrieval.Embeddings;

/// <summary>Turns one sequence of hidden states into one vector: the [CLS] state, or the mean over unmasked positions.</summary>
internal static class EmbeddingPooling
{
    /// <param name="hidden">The sequence's states, row-major [seq, dim].</param>
    /// <param name="mask">The attention mask of the same sequence (1 = real token).</param>
    public static float[] Pool(ReadOnlySpan<float> hidden, ReadOnlySpan<long> mask, int dim, bool mean, bool normalize)
    {
        var vector = new float[dim];
        if (!mean)
        {
            hidden[..dim].CopyTo(vector);
        }
        else
        {
            var count = 0;
            for (var s = 0; s < mask.Length; s++)
            {
                if (mask[s] == 0) continue;
                TensorPrimitives.Add(vector, hidden.Slice(s * dim, dim), vector);
                count++;
            }

            if (count > 0) TensorPrimitives.Divide(vector, count, vector);
        }

        if (normalize)
        {
            var norm = TensorPrimitives.Norm(vector);
            if (norm > 0f) TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }
}
