using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TaskRunner.Tasks.Health;

public static class HealthServiceCollectionExtensions
{
    public const string ReadyTag = "ready";

    /// <summary>
    /// Liveness needs nothing; readiness checks Postgres (Unhealthy when down: nothing works without it) and Redis
    /// (Degraded when down: 200 with the status in the body, since both processes keep serving without it). Each
    /// domain adds its own checks beside them.
    /// </summary>
    public static IServiceCollection AddTaskRunnerHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(3))
            .AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded, [ReadyTag], TimeSpan.FromSeconds(3));
        return services;
    }

    /// <summary>/health/live (the process answers) and /health/ready (Postgres and Redis answer).</summary>
    public static IEndpointRouteBuilder MapTaskRunnerHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = HealthReportWriter.WriteAsync });
        return app;
    }
}
