using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using TaskRunner.Api.Problems;
using TaskRunner.Tasks.Fairness;
using TaskRunner.Tasks.Security;

namespace TaskRunner.Api.Security;

public static class SecurityServiceCollectionExtensions
{
    public const string PerKeyRateLimit = "per-key";

    /// <summary>
    /// API-key authentication and the dashboard session, the admin and operator policies, the failed-attempt throttle,
    /// the bounded key cache with revocation over Redis, and the per-key rate limiter.
    /// </summary>
    public static IServiceCollection AddApiSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthenticationLimitOptions>().Bind(configuration.GetSection(AuthenticationLimitOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TaskRunnerDashboardOptions>().Bind(configuration.GetSection(TaskRunnerDashboardOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<ApiKeyInFlightCaps>();
        services.AddSingleton<ApiKeyRevocations>();
        services.AddSingleton<ApiKeyCache>();
        services.AddHostedService<ApiKeyRevocationListener>();
        services.AddSingleton<AuthenticationThrottleMiddleware>();
        services.AddTaskRunnerAuthentication(configuration);
        services.AddAuthorizationBuilder()
            .AddPolicy(TaskRunnerClaims.AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireClaim(TaskRunnerClaims.Admin, "true"))
            .AddPolicy(TaskRunnerClaims.OperatorPolicy, policy => policy.RequireAuthenticatedUser().RequireClaim(TaskRunnerClaims.Operator, "true"));
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PerKeyRateLimit, http =>
            {
                var defaults = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var rpm = int.TryParse(http.User.FindFirst(TaskRunnerClaims.RequestsPerMinute)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var own) ? own : defaults.RequestsPerMinute;
                var partition = http.User.FindFirst(TaskRunnerClaims.KeyId)?.Value ?? http.Connection.RemoteIpAddress?.ToString() ?? "anonymous";
                var perPeriod = Math.Max(1, rpm / 60);
                return RateLimitPartition.GetTokenBucketLimiter($"{partition}:{rpm}", _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = rpm,
                    TokensPerPeriod = perPeriod,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(60.0 * perPeriod / rpm),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                await ApiProblem.Create(429, "rate_limited", "Too many requests",
                    $"This API key is over its request limit; retry after {Math.Ceiling(retryAfter.TotalSeconds)} s.", retryAfter).ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }
}
