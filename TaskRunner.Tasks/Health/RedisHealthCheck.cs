using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using TaskRunner.Tasks.Progress;

namespace TaskRunner.Tasks.Health;

/// <summary>
/// Redis answers a PING. Its failure status is Degraded (see <see cref="HealthServiceCollectionExtensions"/>): the
/// platform runs on without Redis (progress is polled from Postgres, the LLM limit turns per-process), so an outage
/// must not take every Api and Worker out of a load balancer.
/// </summary>
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var connection = await redis.GetAsync(cancellationToken);
            if (!connection.IsConnected)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, "Redis is unreachable; running without it.");
            }
            await connection.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis is unreachable; running without it.", ex);
        }
    }
}
