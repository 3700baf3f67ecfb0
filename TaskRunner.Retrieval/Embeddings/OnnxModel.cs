using Microsoft.ML.OnnxRuntime;

namespace TaskRunner.Retrieval.Embeddings;

/// <summary>One loaded InferenceSession plus what it declares; Run is thread-safe, so one instance serves all callers.</summary>
internal sealed class OnnxModel : IDisposable
{
    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";
    public const string TokenTypeIds = "token_type_ids";
    public const string LastHiddenState = "last_hidden_state";

    private OnnxModel(InferenceSession session, bool hasTokenTypes)
    {
        Session = session;
        HasTokenTypeIds = hasTokenTypes;
    }

    public InferenceSession Session { get; }

    /// <summary>Some exports drop token_type_ids; we feed only the inputs the model declares.</summary>
    public bool HasTokenTypeIds { get; }

    /// <summary>
    /// Creates the session and checks it against the settings: BERT-style inputs and output, the output size against
    /// <c>Embeddings:Dimension</c>, and a probe run with the vocabulary's largest id, so a vocabulary made for another
    /// model fails here, with the settings named, rather than on some chunk later.
    /// </summary>
    /// <param name="origin">How messages name the model, e.g. "Embeddings:ModelPath '…'".</param>
    /// <param name="vocabOrigin">How messages name the vocabulary.</param>
    public static OnnxModel Load(byte[] bytes, string origin, int intraOpThreads, int expectedDimension, BertTextEncoder encoder, string vocabOrigin)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        // One batch runs at a time per process (EmbeddingBatcher), so it may use every core the process is given.
        options.IntraOpNumThreads = intraOpThreads > 0 ? intraOpThreads : Environment.ProcessorCount;
        options.InterOpNumThreads = 1;
        // ONNX Runtime's pool threads spin for a while after each run by default; on a few shared cores that spinning
        // takes CPU from the requests and queries the process serves between batches. They sleep instead.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");

        InferenceSession session;
        try
        {
            session = new InferenceSession(bytes, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidOperationException($"{origin} could not be loaded as an ONNX model: {ex.Message}", ex);
        }

        try
        {
            var model = Describe(session, origin, expectedDimension);
            model.Probe(origin, expectedDimension, encoder, vocabOrigin);
            return model;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Runs one [batch, seq] batch and returns its last_hidden_state (the caller disposes the outputs).</summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(long[] ids, long[] mask, long[] shape, RunOptions runOptions)
    {
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = HasTokenTypeIds ? OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape) : null;
        var names = new List<string>(3) { InputIds, AttentionMask };
        var values = new List<OrtValue>(3) { idsValue, maskValue };
        if (typesValue is not null)
        {
            names.Add(TokenTypeIds);
            values.Add(typesValue);
        }

        return Session.Run(runOptions, names, values, [LastHiddenState]);
    }

    private static OnnxModel Describe(InferenceSession session, string origin, int expectedDimension)
    {
        var inputs = session.InputMetadata;
        foreach (var required in new[] { InputIds, AttentionMask })
        {
            if (!inputs.ContainsKey(required))
                throw new InvalidOperationException(
                    $"{origin} has no '{required}' input (inputs: {string.Join(", ", inputs.Keys)}); a BERT-style export is expected.");
        }

        if (!session.OutputMetadata.TryGetValue(LastHiddenState, out var output))
            throw new InvalidOperationException(
                $"{origin} has no '{LastHiddenState}' output (outputs: {string.Join(", ", session.OutputMetadata.Keys)}).");

        var dims = output.Dimensions;
        if (dims.Length != 3)
            throw new InvalidOperationException($"{origin} outputs rank {dims.Length}; [batch, seq, dim] is expected.");
        if (dims[2] > 0 && dims[2] != expectedDimension)
            throw DimensionMismatch(origin, expectedDimension, dims[2]);

        return new OnnxModel(session, inputs.ContainsKey(TokenTypeIds));
    }

    private void Probe(string origin, int expectedDimension, BertTextEncoder encoder, string vocabOrigin)
    {
        long[] ids = [encoder.ClassificationTokenId, encoder.MaxTokenId, encoder.SeparatorTokenId];
        long[] mask = [1, 1, 1];
        using var runOptions = new RunOptions();
        IDisposableReadOnlyCollection<OrtValue> outputs;
        try
        {
            outputs = Run(ids, mask, [1, ids.Length], runOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidOperationException(
                $"{vocabOrigin} does not match {origin}: the model fails on token id {encoder.MaxTokenId}, the vocabulary's last ({ex.Message}). Use the vocab.txt that came with the model.", ex);
        }

        using (outputs)
        {
            var shape = outputs[0].GetTensorTypeAndShape().Shape;
            if (shape.Length != 3 || shape[2] != expectedDimension)
                throw DimensionMismatch(origin, expectedDimension, shape.Length == 3 ? shape[2] : -1);
        }
    }

    private static InvalidOperationException DimensionMismatch(string origin, int expected, long actual) => new(
        $"Embeddings:Dimension is {expected} but {origin} outputs {actual}-dimensional vectors; set Embeddings:Dimension={actual}.");

    public void Dispose() => Session.Dispose();
}
