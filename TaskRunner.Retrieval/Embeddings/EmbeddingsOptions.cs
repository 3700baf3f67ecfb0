namespace TaskRunner.Retrieval.Embeddings;

/// <summary>Settings of the <c>Embeddings</c> section; checked at start by <see cref="EmbeddingsOptionsValidator"/>.</summary>
public sealed class EmbeddingsOptions
{
    public const string SectionName = "Embeddings";

    /// <summary>hashing (offline default, lexical), onnx (local model) or openai (OpenAI-compatible /v1/embeddings).</summary>
    public string Provider { get; set; } = EmbeddingProviders.Hashing;

    /// <summary>ONNX model file (required for onnx).</summary>
    public string? ModelPath { get; set; }

    /// <summary>WordPiece vocab.txt (required for onnx; when set, chunk sizes are counted in model tokens).</summary>
    public string? VocabPath { get; set; }

    /// <summary>Model name used in the collection name (onnx: defaults to the model file's name) and sent to openai (required there).</summary>
    public string? ModelName { get; set; }

    /// <summary>cls or mean (onnx).</summary>
    public string Pooling { get; set; } = "cls";

    public bool Normalize { get; set; } = true;

    public int Dimension { get; set; } = 512;

    /// <summary>Tokens per text including [CLS] and [SEP] (onnx); longer texts are truncated and reported.</summary>
    public int MaxTokens { get; set; } = 512;

    public int BatchSize { get; set; } = 32;

    /// <summary>ONNX Runtime intra-op threads; 0 lets the runtime decide.</summary>
    public int IntraOpThreads { get; set; }

    public bool LowerCase { get; set; } = true;

    /// <summary>OpenAI-compatible endpoint, e.g. https://api.openai.com/v1 (openai).</summary>
    public string? BaseUrl { get; set; }

    public string? ApiKey { get; set; }
}
