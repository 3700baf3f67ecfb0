using Microsoft.Extensions.DependencyInjection;

namespace TaskRunner.Shared.Health;

public static class HealthServiceCollectionExtensions
{
    public const string ReadyTag = "ready";

    /// <summary>Liveness needs nothing; readiness checks Postgres and Redis.</summary>
    public static IServiceCollection AddTaskRunnerHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(3))
            .AddCheck<RedisHealthCheck>("redis", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(3));
        return services;
    }
}
