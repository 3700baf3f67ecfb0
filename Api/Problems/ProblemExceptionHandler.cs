using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace TaskRunner.Api.Problems;

/// <summary>
/// Turns exceptions that escape endpoints into problem details: a client's malformed request is a 4xx with a
/// sentence that says what to fix, an unreachable database or an exhausted connection pool is a 503 with Retry-After, anything else a 500 without internals.
/// </summary>
public sealed partial class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var result = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                ApiProblem.Create(413, "payload_too_large", "The request body is too large", exception.Message),
            BadHttpRequestException { InnerException: JsonException { Path: { Length: > 2 } path } json } =>
                ApiProblem.InvalidField("invalid_json", FieldOf(path), $"{FieldOf(path)} has a value this endpoint cannot read: {json.Message}"),
            BadHttpRequestException { InnerException: JsonException json } =>
                ApiProblem.BadRequest("invalid_json", $"The request body is not valid JSON for this endpoint: {json.Message}"),
            BadHttpRequestException bad =>
                ApiProblem.Create(bad.StatusCode, "bad_request", "The request is not valid", bad.Message),
            JsonException json => ApiProblem.BadRequest("invalid_json", $"The request body is not valid JSON: {json.Message}"),
            _ when IsUnstorableText(exception) =>
                ApiProblem.BadRequest("invalid_character", "The request holds a character that cannot be stored, such as NUL (\\u0000); remove it and send the request again."),
            _ when Overload.IsOverload(exception) =>
                ApiProblem.Create(503, "overloaded", "The service is overloaded", "The service cannot accept more work right now; try again after the Retry-After delay.",
                    Overload.RetryAfter),
            NpgsqlException or TimeoutException when IsDatabaseOutage(exception) =>
                ApiProblem.Create(503, "database_unavailable", "The service is temporarily unavailable", "The database is unreachable; try again shortly.", TimeSpan.FromSeconds(5)),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,
            _ => ApiProblem.Create(500, "internal_error", "Unexpected error", "An unexpected error occurred; it has been logged."),
        };

        if (result is null)
        {
            return true;
        }

        if (exception is not BadHttpRequestException and not JsonException && !IsUnstorableText(exception))
        {
            LogUnhandled(exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        await result.ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>"$.items[3].prompt" becomes "items[3].prompt", the name clients use.</summary>
    private static string FieldOf(string jsonPath) => jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath;

    /// <summary>
    /// Postgres refused a text value of the request: NUL in text (22021) or a \u0000 escape in jsonb (22P05). Any
    /// endpoint that stores or filters by client text can meet it, so it is answered here rather than in each validator.
    /// </summary>
    private static bool IsUnstorableText(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter })
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDatabaseOutage(Exception exception) =>
        exception is NpgsqlException { IsTransient: true } or TimeoutException || exception.InnerException is System.Net.Sockets.SocketException;

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Method} {Path} failed")]
    private partial void LogUnhandled(Exception ex, string method, string path);
}
