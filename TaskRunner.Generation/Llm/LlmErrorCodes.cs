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

    /// <summary>The task needs an LLM but this Worker has none configured (Llm__BaseUrl empty); permanent.</summary>
    public const string NotConfigured = "llm_not_configured";

    /// <summary>The reply grew past Llm__MaxReplyCharacters; permanent (the same prompt would run as long again).</summary>
    public const string ReplyTooLong = "llm_reply_too_long";

    /// <summary>The call, with its retries, ran past Llm__TotalTimeoutSeconds (e.g. a stream that never ends); permanent.</summary>
    public const string Timeout = "llm_timeout";
}
