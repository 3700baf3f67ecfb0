namespace TaskRunner.Shared.Tasks;

/// <summary>An error that may pass (a provider's 429 or 5xx, a network blip): the task is retried with backoff.</summary>
public class TransientTaskException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;

    /// <summary>How long the other side asked us to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
