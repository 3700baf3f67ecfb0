namespace TaskRunner.Retrieval.Embeddings;

/// <summary>Turns texts into vectors with one configured model. Implementations are singletons and thread-safe.</summary>
public interface IEmbeddingProvider
{
    EmbeddingModelInfo Model { get; }

    /// <summary>Embeds every text; the result has one entry per input, in the caller's order.</summary>
    Task<IReadOnlyList<Embedding>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken ct);
}
