namespace TaskRunner.Retrieval.Embeddings;

/// <summary>
/// Settings of the <c>Embeddings</c> section. Unset model settings (empty Pooling, Dimension and MaxTokens 0) take the
/// configured model's values in <see cref="ApplyModelDefaults"/>; <see cref="EmbeddingsOptionsValidator"/> checks the rest at start.
/// </summary>
public sealed class EmbeddingsOptions
{
    public const string SectionName = "Embeddings";

    /// <summary>onnx (local model; the built-in all-MiniLM-L6-v2 unless ModelPath is set), hashing (lexical) or openai.</summary>
    public string Provider { get; set; } = EmbeddingProviders.Onnx;

    /// <summary>ONNX model file (onnx). Empty: the built-in all-MiniLM-L6-v2.</summary>
    public string? ModelPath { get; set; }

    /// <summary>WordPiece vocab.txt of ModelPath's model (required with ModelPath; chunk sizes are then counted in model tokens).</summary>
    public string? VocabPath { get; set; }

    /// <summary>Model name used in the collection name (onnx: defaults to the model file's name) and sent to openai (required there).</summary>
    public string? ModelName { get; set; }

    /// <summary>cls or mean (onnx). Empty: mean for the built-in model, cls for a model file.</summary>
    public string? Pooling { get; set; }

    public bool Normalize { get; set; } = true;

    /// <summary>Vector size. 0: 384 for the built-in model, otherwise 512.</summary>
    public int Dimension { get; set; }

    /// <summary>Tokens per text including [CLS] and [SEP] (onnx); longer texts are truncated and reported. 0: 256 built-in, 512 for model files.</summary>
    public int MaxTokens { get; set; }

    public int BatchSize { get; set; } = 32;

    /// <summary>ONNX Runtime intra-op threads; 0: the process's cores (one batch runs at a time).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>How long the onnx provider waits for other callers' texts to fill a batch (0: no wait).</summary>
    public int BatchLingerMilliseconds { get; set; } = 10;

    public bool LowerCase { get; set; } = true;

    /// <summary>OpenAI-compatible endpoint, e.g. https://api.openai.com/v1 (openai).</summary>
    public string? BaseUrl { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>The onnx provider with no model file: the built-in all-MiniLM-L6-v2 runs.</summary>
    public bool UsesBuiltInModel =>
        string.Equals(Provider.Trim(), EmbeddingProviders.Onnx, StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(ModelPath);

    /// <summary>Fills unset model settings from the configured model; values the user set are kept (and validated).</summary>
    public EmbeddingsOptions ApplyModelDefaults()
    {
        var builtIn = UsesBuiltInModel;
        if (string.IsNullOrWhiteSpace(Pooling)) Pooling = builtIn ? BuiltInEmbeddingModel.Pooling : "cls";
        if (Dimension == 0) Dimension = builtIn ? BuiltInEmbeddingModel.Dimension : HashingEmbedder.DefaultDimension;
        if (MaxTokens == 0) MaxTokens = builtIn ? BuiltInEmbeddingModel.MaxTokens : 512;
        if (builtIn) ModelName ??= BuiltInEmbeddingModel.ModelName;
        return this;
    }
}
