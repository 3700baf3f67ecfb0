using Grpc.Core;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace TaskRunner.Retrieval.VectorStore.Qdrant;

/// <summary>The one place Qdrant call retries are decided: transient gRPC status codes, exponential backoff with jitter.</summary>
internal static partial class QdrantRetryPipeline
{
    public static ResiliencePipeline Create(QdrantOptions options, ILogger logger)
    {
        if (options.MaxRetries == 0) return ResiliencePipeline.Empty;
        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(options.RetryBaseDelayMilliseconds),
                MaxDelay = TimeSpan.FromSeconds(10),
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is RpcException rpc && QdrantFailure.IsRetryable(rpc.StatusCode) && !args.Context.CancellationToken.IsCancellationRequested),
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is RpcException rpc) LogRetry(logger, rpc, args.AttemptNumber + 1, rpc.StatusCode, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Qdrant call attempt {Attempt} failed with {Status}; retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, Exception ex, int attempt, StatusCode status, TimeSpan delay);
}
