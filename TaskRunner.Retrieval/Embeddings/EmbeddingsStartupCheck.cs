using Microsoft.Extensions.Hosting;

namespace TaskRunner.Retrieval.Embeddings;

/// <summary>
/// Loads the onnx provider's model when the host starts. A file that is not ONNX, a vocabulary made for another model
/// or an <c>Embeddings:Dimension</c> the model does not output then stops the process with a message naming the setting,
/// instead of failing the first ingestion task.
/// </summary>
internal sealed class EmbeddingsStartupCheck(OnnxEmbedder embedder) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => embedder.WarmUpAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
