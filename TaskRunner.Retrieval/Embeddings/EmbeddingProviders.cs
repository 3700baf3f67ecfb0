namespace TaskRunner.Retrieval.Embeddings;

/// <summary>Values accepted by <c>Embeddings:Provider</c>.</summary>
public static class EmbeddingProviders
{
    public const string Hashing = "hashing";
    public const string Onnx = "onnx";
    public const string OpenAi = "openai";
}
