using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TaskRunner.Generation.Llm;

/// <summary>Degraded while LLM calls are limited per process because Redis is unreachable; Healthy on the shared limit.</summary>
public sealed class LlmLimiterHealthCheck(SharedLlmConcurrencyLimiter limiter) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var mode = limiter.UsingLocalFallback ? "local" : "shared";
        var data = new Dictionary<string, object> { ["mode"] = mode };
        return Task.FromResult(limiter.UsingLocalFallback
            ? HealthCheckResult.Degraded("LLM calls are limited per process (Redis unreachable at the last call).", data: data)
            : HealthCheckResult.Healthy("LLM calls count against the Redis-shared limit.", data));
    }
}
