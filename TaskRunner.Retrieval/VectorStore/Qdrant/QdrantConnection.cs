using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace TaskRunner.Retrieval.VectorStore.Qdrant;

/// <summary>
/// The process's one gRPC channel to Qdrant and the official <see cref="QdrantClient"/> over it. We build the channel
/// ourselves (rather than letting the client do it) to set the connect timeout and keep-alive pings, and to keep the
/// channel's own retries off: retries are decided once, in <see cref="QdrantRetryPipeline"/>.
/// </summary>
public sealed class QdrantConnection : IDisposable
{
    private readonly GrpcChannel _channel;

    public QdrantConnection(IOptions<QdrantOptions> options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        Endpoint = settings.Endpoint();
        _channel = GrpcChannel.ForAddress(Endpoint, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(settings.ConnectTimeoutSeconds),
                EnableMultipleHttp2Connections = true,
                KeepAlivePingDelay = TimeSpan.FromSeconds(60),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            },
            DisposeHttpClient = true,
            MaxRetryAttempts = null,
            LoggerFactory = loggerFactory,
        });

        var apiKey = settings.ApiKey;
        var invoker = string.IsNullOrEmpty(apiKey)
            ? _channel.CreateCallInvoker()
            : _channel.Intercept(metadata =>
            {
                metadata.Add("api-key", apiKey);
                return metadata;
            });
        Client = new QdrantClient(new QdrantGrpcClient(invoker), TimeSpan.FromSeconds(settings.TimeoutSeconds));
    }

    /// <summary>The address dialled (scheme, host and port); kept out of error messages that reach users.</summary>
    public Uri Endpoint { get; }

    public QdrantClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        _channel.Dispose();
    }
}
