namespace TaskRunner.Api.Hosting;

/// <summary>The tenant a request acts for. Every query of tenant data filters by it.</summary>
public static class RequestTenant
{
    public const string Default = "default";

    public static string Of(HttpContext context) =>
        context.User.FindFirst(TenantClaim)?.Value ?? Default;

    public const string TenantClaim = "taskrunner:tenant";
}
