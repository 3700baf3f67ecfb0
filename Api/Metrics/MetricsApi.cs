using TaskRunner.Api.Security;
using TaskRunner.Tasks.Telemetry;

namespace TaskRunner.Api.Metrics;

public static class MetricsApi
{
    /// <summary>
    /// <c>/metrics</c> for Prometheus: open on the <c>Metrics__Port</c> port (keep that one inside the deployment's
    /// network), and for operator keys on the Api's own port. Tenant keys get 403, no key 401.
    /// </summary>
    public static WebApplication MapMetricsApi(this WebApplication app)
    {
        app.MapTaskRunnerMetrics().RequireAuthorization(policy => policy.RequireAssertion(context =>
            (context.Resource is HttpContext http && TelemetryServiceCollectionExtensions.IsOnMetricsPort(http))
            || context.User.HasClaim(TaskRunnerClaims.Operator, "true")));
        return app;
    }
}
