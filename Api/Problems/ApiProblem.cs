using Microsoft.AspNetCore.Http.HttpResults;

namespace TaskRunner.Api.Problems;

/// <summary>RFC 7807 problem details with a stable <c>code</c> extension that clients can switch on.</summary>
public static class ApiProblem
{
    public static ProblemHttpResult Create(int status, string code, string title, string detail)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
    }

    /// <summary>A problem that also tells the client when to come back (503 and 429 answers).</summary>
    public static IResult Create(int status, string code, string title, string detail, TimeSpan? retryAfter)
    {
        var problem = Create(status, code, title, detail);
        return retryAfter is null ? problem : new RetryAfterResult(problem, retryAfter.Value);
    }

    public static ProblemHttpResult NotFound(string what, Guid id) =>
        Create(StatusCodes.Status404NotFound, "not_found", $"{what} not found", $"No {what.ToLowerInvariant()} with id {id} exists.");

    public static ProblemHttpResult BadRequest(string code, string detail) =>
        Create(StatusCodes.Status400BadRequest, code, "The request is not valid", detail);

    private sealed class RetryAfterResult(IResult inner, TimeSpan retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
