namespace TaskRunner.Tasks;

/// <summary>
/// How soon a task should start relative to others waiting on the same queue family. Chosen at submit time; it picks
/// the Hangfire queue of every step (see <see cref="TaskQueues.ForPriority"/>) and is stored on the task row.
/// </summary>
public enum TaskPriority
{
    Low,
    Normal,
    High,
}
