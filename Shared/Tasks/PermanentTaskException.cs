namespace TaskRunner.Shared.Tasks;

/// <summary>An error that retrying cannot fix (bad input, unsupported content): the task fails at once with <see cref="Code"/>.</summary>
public class PermanentTaskException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
}
