using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using TaskRunner.Api.Problems;

namespace TaskRunner.Api.Security;

/// <summary>
/// Runs before authentication: each client address has a budget of failed attempts (responses with 401). Once it is
/// spent, the address gets 429 with <c>Retry-After</c> before its key is looked up, so guessing keys costs no query.
/// Requests that carry a key this process already knows to be valid, or a dashboard session cookie (checked by its
/// signature alone), still pass, so one bad client behind a shared address does not lock out the others; for the same
/// reason the dashboard's own background requests after a session expired are not counted.
/// </summary>
public sealed class AuthenticationThrottleMiddleware : IMiddleware, IDisposable
{
    private readonly ApiKeyCache keys;
    private readonly PartitionedRateLimiter<string> failures;
    private readonly TimeSpan oneFailureRefill;

    public AuthenticationThrottleMiddleware(ApiKeyCache keys, IOptions<AuthenticationLimitOptions> options)
    {
        this.keys = keys;
        var perMinute = options.Value.FailuresPerMinute;
        var perPeriod = Math.Max(1, perMinute / 60);
        oneFailureRefill = TimeSpan.FromSeconds(60.0 / perMinute);
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
        // Not AttemptAcquire(address, 0): a partitioned token bucket refills in fractions on every 100 ms heartbeat, and
        // a zero-permit probe succeeds on any fraction above 0 while charging the 401 below needs a whole token and fails
        // uncharged; so once a fraction accrued every bad key went through free until a whole token was back.
        if (!HasBudget(address) && !CarriesKnownCredential(http))
        {
            await ApiProblem.Create(429, "too_many_failed_attempts", "Too many failed attempts",
                $"Too many requests from this address failed authentication; retry after {Math.Ceiling(oneFailureRefill.TotalSeconds)} s.", oneFailureRefill).ExecuteAsync(http);
            return;
        }

        await next(http);
        if (http.Response.StatusCode == StatusCodes.Status401Unauthorized && !IsDashboardPageRequest(http))
        {
            Charge(address);
        }
    }

    // The partitioned limiter removes and disposes a partition whose bucket sat full for 10 s, on its own timer; a
    // request that looked the partition up just before gets its disposed bucket and ObjectDisposedException (seen as a
    // 500 under load: every client address that never fails has a full bucket). A disposed bucket was full; the next
    // lookup makes a fresh one.
    private bool HasBudget(string address)
    {
        try
        {
            return failures.GetStatistics(address)?.CurrentAvailablePermits is >= 1;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    private void Charge(string address)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                failures.AttemptAcquire(address).Dispose();
                return;
            }
            catch (ObjectDisposedException) when (attempt == 0)
            {
                // The partition was disposed between its lookup and the acquire: the retry charges a fresh one.
            }
        }
    }

    public void Dispose() => failures.Dispose();

    private bool CarriesKnownCredential(HttpContext http) =>
        ApiKeyReader.Read(http.Request) is { } key
            ? keys.IsCachedValid(key)
            : IsDashboardPageRequest(http) && http.Request.Cookies.ContainsKey(DashboardAuthentication.CookieName);

    /// <summary>A dashboard request without a key header, other than the sign-in form: only a session cookie can authenticate it.</summary>
    private static bool IsDashboardPageRequest(HttpContext http) =>
        ApiKeyReader.Read(http.Request) is null
        && http.Request.Path.StartsWithSegments(DashboardAuthentication.DashboardPath)
        && !http.Request.Path.StartsWithSegments(DashboardAuthentication.SignInPath);
}
