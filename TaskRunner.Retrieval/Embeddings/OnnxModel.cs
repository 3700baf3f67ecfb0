using Microsoft.ML.OnnxRuntime;

namespace TaskRunner.Retrieval.Embeddings;

/// <summary>One loaded InferenceSession plus what it declares; Run is thread-safe, so one instance serves all callers.</summary>
internal sealed class OnnxModel : IDisposable
{
    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";
    public const string TokenTypeIds = "token_type_ids";
    public const string LastHiddenState = "last_hidden_state";

    private OnnxModel(InferenceSession session, bool hasTokenTypes, int hiddenSize)
    {
        Session = session;
        HasTokenTypeIds = hasTokenTypes;
        HiddenSize = hiddenSize;
    }

    public InferenceSession Session { get; }

    /// <summary>Some exports drop token_type_ids; we feed only the inputs the model declares.</summary>
    public bool HasTokenTypeIds { get; }

    /// <summary>The output's last dimension, or -1 when the export leaves it dynamic (checked on first run).</summary>
    public int HiddenSize { get; }

    public static async Task<OnnxModel> LoadAsync(string modelPath, int intraOpThreads, int expectedDimension, CancellationToken ct)
    {
        if (!File.Exists(modelPath))
            throw new InvalidOperationException($"Embeddings:ModelPath '{modelPath}' does not exist (see scripts/fetch-model.sh).");
        var bytes = await File.ReadAllBytesAsync(modelPath, ct).ConfigureAwait(false);

        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (intraOpThreads > 0) options.IntraOpNumThreads = intraOpThreads;

        InferenceSession session;
        try
        {
            session = new InferenceSession(bytes, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidOperationException($"Embeddings:ModelPath '{modelPath}' could not be loaded as an ONNX model: {ex.Message}", ex);
        }

        try
        {
            return Describe(session, modelPath, expectedDimension);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static OnnxModel Describe(InferenceSession session, string modelPath, int expectedDimension)
    {
        var inputs = session.InputMetadata;
        foreach (var required in new[] { InputIds, AttentionMask })
        {
            if (!inputs.ContainsKey(required))
                throw new InvalidOperationException(
                    $"The model at Embeddings:ModelPath '{modelPath}' has no '{required}' input (inputs: {string.Join(", ", inputs.Keys)}); a BERT-style export is expected.");
        }

        if (!session.OutputMetadata.TryGetValue(LastHiddenState, out var output))
            throw new InvalidOperationException(
                $"The model at Embeddings:ModelPath '{modelPath}' has no '{LastHiddenState}' output (outputs: {string.Join(", ", session.OutputMetadata.Keys)}).");

        var dims = output.Dimensions;
        if (dims.Length != 3)
            throw new InvalidOperationException($"The model at Embeddings:ModelPath '{modelPath}' outputs rank {dims.Length}; [batch, seq, dim] is expected.");

        var hidden = dims[2];
        if (hidden > 0 && hidden != expectedDimension)
            throw new InvalidOperationException(
                $"Embeddings:Dimension is {expectedDimension} but the model at Embeddings:ModelPath '{modelPath}' outputs {hidden}-dimensional vectors; set Embeddings:Dimension={hidden}.");

        return new OnnxModel(session, inputs.ContainsKey(TokenTypeIds), hidden);
    }

    public void Dispose() => Session.Dispose();
}
