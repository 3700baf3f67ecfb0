using TaskRunner.Tasks;

namespace TaskRunner.Generation.Llm;

/// <summary>
/// A failed LLM call. Transient ones (rate limits, 5xx, timeouts, dropped streams) were already retried
/// by the client; seeing one here means retries ran out, so the task may be retried later as a whole.
/// </summary>
public sealed class LlmException(string code, string message, bool isTransient, Exception? innerException = null)
    : TaskRunnerException(code, message, isTransient, innerException)
{
    /// <summary>HTTP status of the failed attempt, when there was one.</summary>
    public int? StatusCode { get; init; }
}
