using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using TaskRunner.Api.Problems;

namespace TaskRunner.Api.Security;

/// <summary>
/// Runs before authentication: each client address has a budget of failed attempts (responses with 401). Once it is
/// spent, the address gets 429 with <c>Retry-After</c> before its key is looked up, so guessing keys costs no query.
/// A request carrying a key this process already knows to be valid still passes, so one bad client behind a shared
/// address does not lock out the others.
/// </summary>
public sealed class AuthenticationThrottleMiddleware : IMiddleware, IDisposable
{
    private readonly ApiKeyCache keys;
    private readonly PartitionedRateLimiter<string> failures;

    public AuthenticationThrottleMiddleware(ApiKeyCache keys, IOptions<AuthenticationLimitOptions> options)
    {
        this.keys = keys;
        var perMinute = options.Value.FailuresPerMinute;
        var perPeriod = Math.Max(1, perMinute / 60);
        failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds(60.0 * perPeriod / perMinute),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        using (var budget = failures.AttemptAcquire(address, 0))
        {
            if (!budget.IsAcquired && !CarriesKnownKey(http))
            {
                var retryAfter = budget.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                await ApiProblem.Create(429, "too_many_failed_attempts", "Too many failed attempts",
                    $"Too many requests from this address failed authentication; retry after {Math.Ceiling(retryAfter.TotalSeconds)} s.", retryAfter).ExecuteAsync(http);
                return;
            }
        }

        await next(http);
        if (http.Response.StatusCode == StatusCodes.Status401Unauthorized)
        {
            failures.AttemptAcquire(address).Dispose();
        }
    }

    public void Dispose() => failures.Dispose();

    private bool CarriesKnownKey(HttpContext http) => ApiKeyReader.Read(http.Request) is { } key && keys.IsCachedValid(key);
}
