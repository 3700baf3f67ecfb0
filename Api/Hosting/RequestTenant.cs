namespace TaskRunner.Api.Hosting;

/// <summary>
/// The tenant a request acts for, from its API key. Endpoints take it as a parameter (bound by <see cref="BindAsync"/>);
/// every query of tenant data filters by it.
/// </summary>
public sealed record RequestTenant(string Id)
{
    public const string Default = "default";

    public const string TenantClaim = "taskrunner:tenant";

    public static string Of(HttpContext context) =>
        context.User.FindFirst(TenantClaim)?.Value ?? Default;

    public static ValueTask<RequestTenant?> BindAsync(HttpContext context) => ValueTask.FromResult<RequestTenant?>(new RequestTenant(Of(context)));

    public override string ToString() => Id;
}
