using TaskRunner.Ingestion.Chunking;

namespace TaskRunner.Retrieval.Embeddings;

/// <summary>
/// Counts model tokens with the embedding model's vocabulary, excluding [CLS] and [SEP]: a chunk of at most
/// <c>Embeddings:MaxTokens − 2</c> counted tokens reaches the model whole.
/// </summary>
public sealed class BertTokenCounter(BertTextEncoder encoder) : ITokenCounter
{
    public string Unit => "wordpiece";

    public int CountTokens(string text) => string.IsNullOrEmpty(text) ? 0 : encoder.EncodeWithoutSpecialTokens(text).Count;
}
