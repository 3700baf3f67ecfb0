using System.ClientModel;
using System.Globalization;

namespace TaskRunner.Generation.Llm;

/// <summary>Maps what an attempt threw to an <see cref="LlmException"/>: transient ones are retried, permanent ones are not.</summary>
internal static class LlmFailureClassifier
{
    /// <summary>Null for exceptions that are not about the LLM call (they propagate unchanged).</summary>
    public static LlmException? Classify(Exception ex, TimeSpan timeout) => ex switch
    {
        LlmException llm => llm,
        ClientResultException result when result.Status != 0 => FromStatus(result),
        ClientResultException result => Transient("The connection to the LLM failed", result),
        OperationCanceledException canceled =>
            Transient($"No response from the LLM within {timeout.TotalSeconds:0}s", canceled),
        HttpRequestException or IOException => Transient("The LLM connection dropped", ex),
        _ => null,
    };

    private static LlmException FromStatus(ClientResultException ex)
    {
        var status = ex.Status;
        var retryAfter = ReadRetryAfter(ex);
        var detail = $"HTTP {status}: {ex.Message}";
        return status switch
        {
            400 or 422 => new LlmException(LlmErrorCodes.BadRequest, detail, isTransient: false, ex) { StatusCode = status },
            401 or 403 => new LlmException(LlmErrorCodes.Unauthorized, detail, isTransient: false, ex) { StatusCode = status },
            404 => new LlmException(LlmErrorCodes.ModelNotFound, detail, isTransient: false, ex) { StatusCode = status },
            429 => new LlmException(LlmErrorCodes.RateLimited, detail, isTransient: true, ex) { StatusCode = status, RetryAfter = retryAfter },
            408 or >= 500 => new LlmException(LlmErrorCodes.Unavailable, detail, isTransient: true, ex) { StatusCode = status, RetryAfter = retryAfter },
            _ => new LlmException(LlmErrorCodes.BadRequest, detail, isTransient: false, ex) { StatusCode = status },
        };
    }

    private static LlmException Transient(string message, Exception inner) =>
        new(LlmErrorCodes.Unavailable, $"{message}: {inner.Message}", isTransient: true, inner);

    internal static TimeSpan? ReadRetryAfter(ClientResultException ex)
    {
        var headers = ex.GetRawResponse()?.Headers;
        if (headers is null)
        {
            return null;
        }
        if (headers.TryGetValue("retry-after-ms", out var ms)
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(millis);
        }
        return headers.TryGetValue("Retry-After", out var value) ? ParseRetryAfter(value, DateTimeOffset.UtcNow) : null;
    }

    /// <summary>Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3).</summary>
    internal static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds >= 0 ? TimeSpan.FromSeconds(seconds) : null;
        }
        if (DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }
}
