using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Embeddings;

namespace TaskRunner.Retrieval.Embeddings;

/// <summary>
/// OpenAI-compatible <c>/v1/embeddings</c>. Retries are the SDK's own (429/5xx with backoff); the API reports token
/// usage per request only, so each text's TokenCount is the batch usage shared out by text length (an estimate).
/// </summary>
public sealed class OpenAiEmbedder : IEmbeddingProvider
{
    private readonly EmbeddingClient _client;
    private readonly int _batchSize;

    public OpenAiEmbedder(EmbeddingsOptions options, HttpClient httpClient)
    {
        var model = options.ModelName ?? throw new InvalidOperationException("Embeddings:ModelName is required when Embeddings:Provider is openai.");
        var key = options.ApiKey ?? throw new InvalidOperationException("Embeddings:ApiKey is required when Embeddings:Provider is openai.");
        var clientOptions = new OpenAIClientOptions { Transport = new HttpClientPipelineTransport(httpClient) };
        if (!string.IsNullOrWhiteSpace(options.BaseUrl)) clientOptions.Endpoint = new Uri(options.BaseUrl);
        _client = new EmbeddingClient(model, new ApiKeyCredential(key), clientOptions);
        _batchSize = options.BatchSize;
        Model = new EmbeddingModelInfo(EmbeddingProviders.OpenAi, model, options.Dimension, IsSemantic: true);
    }

    public EmbeddingModelInfo Model { get; }

    public async Task<IReadOnlyList<Embedding>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var results = new List<Embedding>(texts.Count);
        var generation = new EmbeddingGenerationOptions { Dimensions = Model.Dimension };
        foreach (var batch in texts.Chunk(_batchSize))
        {
            var response = await _client.GenerateEmbeddingsAsync(batch, generation, ct).ConfigureAwait(false);
            var collection = response.Value;
            if (collection.Count != batch.Length)
                throw new InvalidOperationException($"The embeddings endpoint returned {collection.Count} vectors for {batch.Length} inputs.");

            var vectors = new float[batch.Length][];
            foreach (var item in collection)
            {
                var vector = item.ToFloats().ToArray();
                if (vector.Length != Model.Dimension)
                    throw new InvalidOperationException(
                        $"Embeddings:Dimension is {Model.Dimension} but model '{Model.ModelName}' returned {vector.Length}-dimensional vectors.");
                vectors[item.Index] = vector;
            }

            var totalChars = Math.Max(1, batch.Sum(t => t.Length));
            var usage = collection.Usage?.InputTokenCount ?? 0;
            for (var i = 0; i < batch.Length; i++)
                results.Add(new Embedding(vectors[i], (int)Math.Round((double)usage * batch[i].Length / totalChars), Truncated: false));
        }

        return results;
    }
}
