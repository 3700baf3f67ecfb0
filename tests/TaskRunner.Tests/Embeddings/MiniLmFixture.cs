using TaskRunner.Retrieval.Embeddings;

namespace TaskRunner.Tests.Embeddings;

/// <summary>The built-in all-MiniLM-L6-v2, loaded once for a test class (loading takes about a second).</summary>
public sealed class MiniLmFixture : IAsyncLifetime, IDisposable
{
    public OnnxEmbedder Embedder { get; } = new(new EmbeddingsOptions { Provider = "onnx", IntraOpThreads = 1 }, BertTextEncoder.LoadBuiltIn(lowerCase: true));

    public Task InitializeAsync() => Embedder.WarmUpAsync(CancellationToken.None);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => Embedder.Dispose();
}
