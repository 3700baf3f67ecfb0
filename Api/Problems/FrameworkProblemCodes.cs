namespace TaskRunner.Api.Problems;

/// <summary>
/// Gives the problems ASP.NET Core writes itself (no such route, a method or content type the route does not take, a
/// parameter it cannot bind) the stable <c>code</c> that the Api's own problems carry, so clients can switch on every error.
/// </summary>
public static class FrameworkProblemCodes
{
    public static void AddCode(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Extensions.ContainsKey("code"))
        {
            return;
        }

        var code = context.ProblemDetails.Status switch
        {
            StatusCodes.Status400BadRequest => "bad_request",
            StatusCodes.Status404NotFound => "not_found",
            StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
            StatusCodes.Status406NotAcceptable => "not_acceptable",
            StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
            _ => null,
        };
        if (code is not null)
        {
            context.ProblemDetails.Extensions["code"] = code;
        }
    }
}
