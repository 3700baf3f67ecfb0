namespace TaskRunner.Tasks;

/// <summary>An error that may pass (a provider's 429 or 5xx, a network blip): the task is retried with backoff.</summary>
public class TransientTaskException(string code, string message, Exception? inner = null)
    : TaskRunnerException(code, message, isTransient: true, inner);
