using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Instrumentation.StackExchangeRedis;
using TaskRunner.Tasks.Progress;

namespace TaskRunner.Tasks.Telemetry;

/// <summary>
/// Hands the process's Redis connection to the Redis trace instrumentation once it is open. The connection is opened
/// lazily and survives Redis being down (<see cref="RedisConnection"/>), so this waits for it in the background.
/// </summary>
internal sealed class RedisTracing(RedisConnection redis, IServiceProvider services) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var instrumentation = services.GetService<StackExchangeRedisInstrumentation>();
        if (instrumentation is null)
        {
            return;
        }

        try
        {
            instrumentation.AddConnection(await redis.GetAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
