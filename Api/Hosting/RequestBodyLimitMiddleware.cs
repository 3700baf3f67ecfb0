using Microsoft.Extensions.Options;
using TaskRunner.Api.Problems;

namespace TaskRunner.Api.Hosting;

/// <summary>
/// Caps every request body except multipart uploads (which have their own limit) at <see cref="RequestLimitOptions.MaxBodyBytes"/>:
/// a declared length over it is refused before anything is read, and a chunked body is cut off as soon as it passes
/// it, so nothing deserializes a 30 MB JSON document to find out it is too long.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<RequestLimitOptions> options)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var limit = options.Value.MaxBodyBytes;
        if (http.Request.HasFormContentType && http.Request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            await next(http);
            return;
        }

        if (http.Request.ContentLength > limit)
        {
            await TooLarge(limit).ExecuteAsync(http);
            return;
        }

        http.Request.Body = new LengthLimitedStream(http.Request.Body, limit);
        try
        {
            await next(http);
        }
        catch (RequestBodyTooLargeException) when (!http.Response.HasStarted)
        {
            http.Response.Clear();
            await TooLarge(limit).ExecuteAsync(http);
        }
    }

    private static IResult TooLarge(long limit) =>
        ApiProblem.Create(StatusCodes.Status413PayloadTooLarge, "request_too_large", "The request body is too large",
            $"The request body is larger than the limit of {limit / 1024.0:0.#} KB. Upload documents as multipart/form-data to /api/v1/documents.");
}
