using Microsoft.ML.OnnxRuntime;

namespace TaskRunner.Retrieval.Embeddings;

/// <summary>
/// Local BERT-style model through ONNX Runtime: the built-in all-MiniLM-L6-v2, or the model file at
/// <c>Embeddings:ModelPath</c>. The session is loaded once (by <see cref="EmbeddingsStartupCheck"/> at start, or on
/// first use) and shared by all callers; texts are batched by length so padding stays small.
/// </summary>
public sealed class OnnxEmbedder : IEmbeddingProvider, IDisposable, IAsyncDisposable
{
    private readonly EmbeddingsOptions _options;
    private readonly BertTextEncoder _encoder;
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private readonly string _origin;
    private readonly string _vocabOrigin;
    private readonly EmbeddingBatcher _batcher;
    private volatile OnnxModel? _model;

    public OnnxEmbedder(EmbeddingsOptions options, BertTextEncoder encoder)
    {
        _options = options.ApplyModelDefaults();
        _encoder = encoder;
        if (options.UsesBuiltInModel)
        {
            _origin = _vocabOrigin = BuiltInEmbeddingModel.Origin;
            Model = new EmbeddingModelInfo(EmbeddingProviders.Onnx, options.ModelName!, options.Dimension, IsSemantic: true);
        }
        else
        {
            var path = options.ModelPath!;
            _origin = $"Embeddings:ModelPath '{path}'";
            _vocabOrigin = $"Embeddings:VocabPath '{options.VocabPath}'";
            Model = new EmbeddingModelInfo(EmbeddingProviders.Onnx, options.ModelName ?? DefaultModelName(path), options.Dimension, IsSemantic: true);
        }

        // Callers reach the batcher only after GetModelAsync, so _model is set when a batch runs.
        _batcher = new EmbeddingBatcher(batch => RunBatch(_model!, batch), options.BatchSize, TimeSpan.FromMilliseconds(options.BatchLingerMilliseconds));
    }

    public EmbeddingModelInfo Model { get; }

    /// <summary>Loads and checks the model now, so bad settings stop the process at start rather than fail a task.</summary>
    public async Task WarmUpAsync(CancellationToken ct) => await GetModelAsync(ct).ConfigureAwait(false);

    public async Task<IReadOnlyList<Embedding>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0) return [];
        await GetModelAsync(ct).ConfigureAwait(false);

        var encoded = new EncodedText[texts.Count];
        for (var i = 0; i < texts.Count; i++) encoded[i] = _encoder.Encode(texts[i] ?? string.Empty, _options.MaxTokens);

        // The model runs on the batcher's loop, batched with other callers; this span covers the caller's wait for it.
        using var activity = TaskRunner.Tasks.Telemetry.TaskTelemetry.ActivitySource.StartActivity("onnx.embed");
        activity?.SetTag("taskrunner.embeddings.model", Model.ModelName);
        activity?.SetTag("taskrunner.embeddings.texts", texts.Count);
        var vectors = await _batcher.EmbedAsync(encoded, ct).ConfigureAwait(false);
        var results = new Embedding[texts.Count];
        for (var i = 0; i < texts.Count; i++) results[i] = new Embedding(vectors[i], encoded[i].Ids.Length, encoded[i].Truncated);
        return results;
    }

    /// <summary>Runs on the batcher's loop; a batch mixes callers, so one caller's cancellation does not stop it.</summary>
    private float[][] RunBatch(OnnxModel model, EncodedText[] batch)
    {
        var seq = batch.Max(e => e.Ids.Length);
        var ids = new long[batch.Length * seq];
        var mask = new long[batch.Length * seq];
        Array.Fill(ids, _encoder.PaddingTokenId);
        for (var b = 0; b < batch.Length; b++)
        {
            var row = batch[b].Ids;
            for (var s = 0; s < row.Length; s++)
            {
                ids[b * seq + s] = row[s];
                mask[b * seq + s] = 1;
            }
        }

        long[] shape = [batch.Length, seq];
        using var runOptions = new RunOptions();
        using (var outputs = model.Run(ids, mask, shape, runOptions))
        {
            var output = outputs[0];
            var outShape = output.GetTensorTypeAndShape().Shape;
            var dim = (int)outShape[2];
            if (outShape[0] != batch.Length || outShape[1] != seq || dim != _options.Dimension)
                throw new InvalidOperationException(
                    $"{_origin} returned shape [{string.Join(", ", outShape)}] for a [{batch.Length}, {seq}] batch; Embeddings:Dimension is {_options.Dimension}.");

            var hidden = output.GetTensorDataAsSpan<float>();
            var vectors = new float[batch.Length][];
            for (var b = 0; b < batch.Length; b++)
            {
                vectors[b] = EmbeddingPooling.Pool(hidden.Slice(b * seq * dim, seq * dim), mask.AsSpan(b * seq, seq), dim,
                    mean: _options.Pooling == "mean", normalize: _options.Normalize);
            }

            return vectors;
        }
    }

    private async Task<OnnxModel> GetModelAsync(CancellationToken ct)
    {
        if (_model is { } loaded) return loaded;
        await _loadLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_model is { } raced) return raced;
            var bytes = await ReadModelAsync(ct).ConfigureAwait(false);
            return _model = OnnxModel.Load(bytes, _origin, _options.IntraOpThreads, _options.Dimension, _encoder, _vocabOrigin);
        }
        finally
        {
            _loadLock.Release();
        }
    }

    private async Task<byte[]> ReadModelAsync(CancellationToken ct)
    {
        if (_options.UsesBuiltInModel) return await BuiltInEmbeddingModel.ReadModelAsync(ct).ConfigureAwait(false);
        if (!File.Exists(_options.ModelPath))
            throw new InvalidOperationException($"{_origin} does not exist (see scripts/fetch-model.sh).");
        return await File.ReadAllBytesAsync(_options.ModelPath, ct).ConfigureAwait(false);
    }

    /// <summary>"models/bge-small-zh-v1.5/model.onnx" → "bge-small-zh-v1.5-model"; set Embeddings:ModelName to choose.</summary>
    private static string DefaultModelName(string modelPath)
    {
        var full = Path.GetFullPath(modelPath);
        var folder = Path.GetFileName(Path.GetDirectoryName(full)) ?? string.Empty;
        var file = Path.GetFileNameWithoutExtension(full);
        return folder.Length == 0 ? file : $"{folder}-{file}";
    }

    public async ValueTask DisposeAsync()
    {
        await _batcher.DisposeAsync().ConfigureAwait(false);
        _model?.Dispose();
        _loadLock.Dispose();
    }

    /// <summary>For synchronous owners (tests); waits for the batch in progress, if any, before freeing the session.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
