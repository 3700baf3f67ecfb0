using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace TaskRunner.Generation.Llm;

/// <summary>The one place LLM retries are decided: transient <see cref="LlmException"/>s, exponential backoff with jitter, Retry-After honoured.</summary>
internal static partial class LlmRetryPipeline
{
    public static ResiliencePipeline Create(LlmOptions options, ILogger logger)
    {
        if (options.MaxRetries == 0)
        {
            return ResiliencePipeline.Empty;
        }
        var maxDelay = TimeSpan.FromSeconds(options.MaxRetryDelaySeconds);
        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(options.RetryBaseDelayMilliseconds),
                MaxDelay = maxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is LlmException { IsTransient: true }),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is LlmException { RetryAfter: { } wait } ? (TimeSpan?)(wait < maxDelay ? wait : maxDelay) : null),
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is LlmException ex)
                    {
                        LogRetry(logger, ex, args.AttemptNumber + 1, ex.Code, args.RetryDelay);
                    }
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM attempt {Attempt} failed with {Code}; retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, Exception ex, int attempt, string code, TimeSpan delay);
}
