using TaskRunner.Tasks;

namespace TaskRunner.Generation.Llm;

/// <summary>
/// A failed LLM call. Transient ones (rate limits, 5xx, timeouts, dropped streams) were already retried
/// by the client; seeing one here means retries ran out, so the task may be retried later as a whole.
/// </summary>
public sealed class LlmException(string code, string message, bool isTransient, Exception? innerException = null)
    : TaskRunnerException(code, message, isTransient, innerException)
{
    /// <summary>Provider replies can quote the platform's own LLM key or endpoint, so tenants get a sentence per code.</summary>
    public override string PublicMessage => Code switch
    {
        LlmErrorCodes.BadRequest => "The LLM provider rejected the request.",
        LlmErrorCodes.Unauthorized => "The LLM provider refused the platform's credentials; an operator must fix the configuration.",
        LlmErrorCodes.ModelNotFound => "The configured LLM model does not exist at the provider.",
        LlmErrorCodes.RateLimited => "The LLM provider was still rate limiting after every retry.",
        LlmErrorCodes.Unavailable => "The LLM provider was unavailable after every retry.",
        LlmErrorCodes.ReplyTooLong => "The LLM reply exceeded the platform's length limit.",
        LlmErrorCodes.Timeout => "The LLM call exceeded the platform's time limit.",
        _ => "The LLM call failed.",
    };

    /// <summary>HTTP status of the failed attempt, when there was one.</summary>
    public int? StatusCode { get; init; }
}
