using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using TaskRunner.Api.Problems;
using TaskRunner.Tasks.Security;

namespace TaskRunner.Api.Security;

/// <summary>
/// How requests authenticate: an API key in a header everywhere; under <c>/hangfire</c> without a key header, the
/// dashboard session cookie that the sign-in page issues. The cookie is a Data Protection-signed and encrypted ticket
/// (key id and role, never the key), HttpOnly, SameSite=Strict, Secure on HTTPS, and short-lived.
/// </summary>
public static class DashboardAuthentication
{
    public const string SelectorScheme = "TaskRunner";
    public const string CookieScheme = "DashboardSession";
    public const string CookieName = "taskrunner_dashboard";
    public const string DashboardPath = "/hangfire";
    public const string SignInPath = "/hangfire/sign-in";

    public static IServiceCollection AddTaskRunnerAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var dataProtection = services.AddDataProtection().SetApplicationName("TaskRunner.Api");
        if (configuration.GetSection(TaskRunnerDashboardOptions.SectionName)[nameof(TaskRunnerDashboardOptions.KeyRingPath)] is { Length: > 0 } keyRing)
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keyRing));
        }

        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "taskrunner_antiforgery";
            options.Cookie.Path = DashboardPath;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.FormFieldName = "__antiforgery";
        });
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme)
            .Configure<IOptions<TaskRunnerDashboardOptions>>((cookie, dashboard) => cookie.ExpireTimeSpan = TimeSpan.FromMinutes(dashboard.Value.SessionMinutes));
        services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "API key, or the dashboard session under /hangfire", policy =>
                policy.ForwardDefaultSelector = http =>
                    ApiKeyReader.Read(http.Request) is null && http.Request.Path.StartsWithSegments(DashboardPath) ? CookieScheme : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieScheme, cookie =>
            {
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.Path = DashboardPath;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.SlidingExpiration = false;
                cookie.LoginPath = SignInPath;
                cookie.Events.OnRedirectToLogin = RedirectBrowsersToSignInAsync;
                cookie.Events.OnRedirectToAccessDenied = context =>
                    ApiProblem.Create(403, "forbidden", "Not allowed", "Only operator keys open the dashboard.").ExecuteAsync(context.HttpContext);
                cookie.Events.OnValidatePrincipal = EndSessionOfRevokedKeyAsync;
            });
        return services;
    }

    /// <summary>The principal of a dashboard session for an operator key.</summary>
    public static ClaimsPrincipal SessionFor(ApiKeyRecord record) => new(new ClaimsIdentity(
    [
        new Claim(TaskRunnerClaims.KeyId, record.Id.ToString()),
        new Claim(ClaimTypes.Name, record.Name),
        new Claim(TaskRunnerClaims.Operator, "true"),
    ], CookieScheme));

    private static Task RedirectBrowsersToSignInAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        var accept = context.Request.Headers.Accept.ToString();
        if (HttpMethods.IsGet(context.Request.Method) && accept.Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Redirect(SignInPath);
            return Task.CompletedTask;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblem.Create(401, "unauthorized", "Authentication required",
            $"Sign in at {SignInPath} with an operator key, or send one as 'Authorization: Bearer <key>'.").ExecuteAsync(context.HttpContext);
    }

    /// <summary>A session ends as soon as its key is revoked or loses the operator role, not when the cookie expires.</summary>
    private static async Task EndSessionOfRevokedKeyAsync(CookieValidatePrincipalContext context)
    {
        var store = context.HttpContext.RequestServices.GetRequiredService<ApiKeyStore>();
        var stillOperator = Guid.TryParse(context.Principal?.FindFirst(TaskRunnerClaims.KeyId)?.Value, out var keyId)
            && await store.IsActiveOperatorAsync(keyId, context.HttpContext.RequestAborted);
        if (!stillOperator)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
        }
    }
}
