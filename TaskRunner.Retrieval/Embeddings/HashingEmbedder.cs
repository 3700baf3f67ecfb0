using System.Numerics.Tensors;

namespace TaskRunner.Retrieval.Embeddings;

/// <summary>
/// Offline default: signed feature hashing of lexical n-grams with 1+ln(tf) weights, L2-normalised.
/// Deterministic across processes; similarity means shared wording, not shared meaning (IsSemantic=false).
/// </summary>
public sealed class HashingEmbedder(int dimension = HashingEmbedder.DefaultDimension) : IEmbeddingProvider
{
    public const int DefaultDimension = 512;

    /// <summary>Bump when the features or hash change, so old vectors land in a different collection.</summary>
    public const string AlgorithmName = "fnv1a-ngram-v1";

    public EmbeddingModelInfo Model { get; } = new(EmbeddingProviders.Hashing, AlgorithmName,
        dimension > 0 ? dimension : throw new ArgumentOutOfRangeException(nameof(dimension), "Embeddings:Dimension must be positive."), false);

    public Task<IReadOnlyList<Embedding>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var results = new Embedding[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            results[i] = Embed(texts[i] ?? string.Empty);
        }

        return Task.FromResult<IReadOnlyList<Embedding>>(results);
    }

    /// <summary>Synchronous form for callers that embed one short text (e.g. a search query).</summary>
    public Embedding Embed(string text)
    {
        var vector = new float[Model.Dimension];
        var counts = LexicalFeatures.Count(text, out var tokens);
        foreach (var (feature, tf) in counts)
        {
            var hash = StableHash.Fnv1a64(feature);
            var index = (int)(hash % (ulong)vector.Length);
            var sign = (hash >> 63) == 0 ? 1f : -1f;
            vector[index] += sign * (1f + MathF.Log(tf));
        }

        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0f) TensorPrimitives.Divide(vector, norm, vector);
        return new Embedding(vector, tokens, Truncated: false);
    }
}
