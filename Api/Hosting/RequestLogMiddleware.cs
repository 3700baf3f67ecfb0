using System.Diagnostics;

namespace TaskRunner.Api.Hosting;

/// <summary>
/// The Api's request log: method, path, status and time, never the query string (it may carry secrets a client put
/// there by mistake). It replaces ASP.NET Core's "Request starting/finished" lines, which print the full URL and are
/// filtered out in <see cref="RequestLogging.AddRequestLogging"/>.
/// </summary>
public sealed partial class RequestLogMiddleware(RequestDelegate next, ILogger<RequestLogMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(http);
        }
        finally
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                LogRequest(http.Request.Method, http.Request.PathBase + http.Request.Path, http.Request.QueryString.HasValue ? "?…" : "",
                    http.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path}{Query} answered {StatusCode} in {ElapsedMs:0.0} ms")]
    private partial void LogRequest(string method, string path, string query, int statusCode, double elapsedMs);
}
