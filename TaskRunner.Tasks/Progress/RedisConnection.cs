using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace TaskRunner.Tasks.Progress;

/// <summary>
/// The process's one Redis connection, opened on first use. It is created with AbortOnConnectFail off, so a Redis
/// that is down at start-up or restarts later is reconnected in the background instead of failing the process.
/// </summary>
public sealed partial class RedisConnection(string configuration, ILogger<RedisConnection> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private IConnectionMultiplexer? multiplexer;

    public async Task<IConnectionMultiplexer> GetAsync(CancellationToken ct)
    {
        if (multiplexer is { } ready)
        {
            return ready;
        }

        await gate.WaitAsync(ct);
        try
        {
            if (multiplexer is null)
            {
                var options = ConfigurationOptions.Parse(configuration);
                options.AbortOnConnectFail = false;
                options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
                options.ClientName ??= "taskrunner";
                multiplexer = await ConnectionMultiplexer.ConnectAsync(options);
                multiplexer.ConnectionFailed += (_, e) => LogConnectionFailed(e.EndPoint?.ToString(), e.FailureType.ToString());
                multiplexer.ConnectionRestored += (_, e) => LogConnectionRestored(e.EndPoint?.ToString());
            }

            return multiplexer;
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (multiplexer is not null)
        {
            await multiplexer.DisposeAsync();
        }

        gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis connection to {EndPoint} failed ({FailureType}); progress falls back to Postgres until it returns")]
    private partial void LogConnectionFailed(string? endPoint, string failureType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis connection to {EndPoint} restored")]
    private partial void LogConnectionRestored(string? endPoint);
}
