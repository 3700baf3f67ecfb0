namespace TaskRunner.Tasks;

/// <summary>
/// The one failure contract of the platform: every error a step can raise on purpose carries a stable
/// <see cref="Code"/> (one of the catalogues listed in README), says whether retrying may help, and may say how
/// long to wait. <see cref="TaskRetryPolicy"/> reads it; steps never catch to decide.
/// </summary>
public class TaskRunnerException(string code, string message, bool isTransient, Exception? innerException = null)
    : Exception(message, innerException)
{
    public string Code { get; } = code;

    public bool IsTransient { get; } = isTransient;

    /// <summary>
    /// The sentence a tenant sees on the failed task. Our own errors say what is wrong with the input; errors that wrap
    /// infrastructure override it with a generic sentence, because their messages carry hosts, ports or provider replies
    /// (the Worker logs the full exception with the task id).
    /// </summary>
    public virtual string PublicMessage => Message;

    /// <summary>How long the other side asked us to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
