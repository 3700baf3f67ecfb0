namespace TaskRunner.Generation.Llm;

/// <summary>Stable codes carried by <see cref="LlmException"/>, recorded on failed tasks.</summary>
public static class LlmErrorCodes
{
    /// <summary>The provider rejected the request (HTTP 400): prompt too long, bad schema, unsupported option.</summary>
    public const string BadRequest = "llm_bad_request";

    /// <summary>The API key is missing, wrong or lacks access (HTTP 401/403).</summary>
    public const string Unauthorized = "llm_unauthorized";

    /// <summary>The configured model or endpoint does not exist (HTTP 404).</summary>
    public const string ModelNotFound = "llm_model_not_found";

    /// <summary>Still rate limited (HTTP 429) after every retry.</summary>
    public const string RateLimited = "llm_rate_limited";

    /// <summary>Server errors, timeouts or dropped streams persisted after every retry.</summary>
    public const string Unavailable = "llm_unavailable";

    /// <summary>The reply arrived but could not be read (no score, no summary); retried as a transient failure.</summary>
    public const string InvalidReply = "llm_invalid_reply";
}
