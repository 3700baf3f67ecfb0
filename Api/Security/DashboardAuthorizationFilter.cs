using System.Net;
using Hangfire.Dashboard;
using Microsoft.Extensions.Options;

namespace TaskRunner.Api.Security;

/// <summary>
/// Who may see the Hangfire dashboard: anyone on the machine itself (when allowed), otherwise only holders of an
/// API key — given once as <c>?api_key=</c> (kept in an HttpOnly cookie) or as a header. Non-admin keys see it read-only.
/// </summary>
public sealed class DashboardAuthorizationFilter(ApiKeyCache keys, IOptions<TaskRunnerDashboardOptions> options) : IDashboardAsyncAuthorizationFilter
{
    private const string CookieName = "taskrunner_dashboard";
    private const string AdminItem = "taskrunner:dashboard-admin";

    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (options.Value.AllowLocalAnonymous && IsLocal(http))
        {
            http.Items[AdminItem] = true;
            return true;
        }

        var fromQuery = http.Request.Query["api_key"].ToString();
        var key = !string.IsNullOrEmpty(fromQuery) ? fromQuery : ApiKeyReader.Read(http.Request) ?? http.Request.Cookies[CookieName];
        if (string.IsNullOrEmpty(key) || await keys.FindAsync(key, http.RequestAborted) is not { } record)
        {
            return false;
        }

        if (!string.IsNullOrEmpty(fromQuery))
        {
            http.Response.Cookies.Append(CookieName, key, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, Path = "/hangfire" });
        }

        http.Items[AdminItem] = record.IsAdmin;
        return true;
    }

    public static bool IsReadOnly(DashboardContext context) =>
        context.GetHttpContext().Items[AdminItem] is not true;

    private static bool IsLocal(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        return remote is not null && (IPAddress.IsLoopback(remote) || remote.Equals(http.Connection.LocalIpAddress));
    }
}
