namespace TaskRunner.Tasks.Pipelines;

/// <summary>
/// The priority of the task whose step is running on this async flow (<see cref="TaskPriority.Normal"/> outside any
/// step). The engine sets it around every step, so code deep in a step, such as the LLM limiter's wait queue, can put
/// high-priority work first without every call passing the priority along.
/// </summary>
public static class AmbientTaskPriority
{
    private static readonly AsyncLocal<TaskPriority?> current = new();

    public static TaskPriority Current => current.Value ?? TaskPriority.Normal;

    /// <summary>Sets the priority for this flow and what it starts; dispose to restore the previous one.</summary>
    public static IDisposable Enter(TaskPriority priority)
    {
        var previous = current.Value;
        current.Value = priority;
        return new Scope(previous);
    }

    private sealed class Scope(TaskPriority? previous) : IDisposable
    {
        public void Dispose() => current.Value = previous;
    }
}
