namespace TaskRunner.Tasks;

/// <summary>An error that retrying cannot fix (bad input, unsupported content): the task fails at once with its code.</summary>
public class PermanentTaskException(string code, string message, Exception? inner = null)
    : TaskRunnerException(code, message, isTransient: false, inner);
