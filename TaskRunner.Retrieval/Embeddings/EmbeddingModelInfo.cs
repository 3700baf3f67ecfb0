using System.Globalization;
using System.Text;

namespace TaskRunner.Retrieval.Embeddings;

/// <summary>Identifies the vector space a provider produces; vectors of different models never share a collection.</summary>
/// <param name="IsSemantic">False for the hashing embedder: its similarity is lexical overlap, not meaning.</param>
public sealed record EmbeddingModelInfo(string Provider, string ModelName, int Dimension, bool IsSemantic)
{
    /// <summary>Deterministic collection/table name, e.g. <c>chunks_onnx_bge_small_zh_v1_5_512</c>; a new model means a new collection.</summary>
    public string CollectionName => $"chunks_{Sanitise(Provider)}_{Sanitise(ModelName)}_{Dimension.ToString(CultureInfo.InvariantCulture)}";

    private static string Sanitise(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value.ToLowerInvariant())
        {
            var keep = c is >= 'a' and <= 'z' or >= '0' and <= '9';
            if (keep) sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '_') sb.Append('_');
        }

        var name = sb.ToString().Trim('_');
        return name.Length == 0 ? "default" : name;
    }
}
