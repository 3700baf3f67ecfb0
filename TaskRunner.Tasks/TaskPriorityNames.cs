namespace TaskRunner.Tasks;

/// <summary>The names stored in <c>tasks.priority</c> and used in query strings: low, normal, high.</summary>
public static class TaskPriorityNames
{
    public static readonly IReadOnlyList<string> All = ["low", "normal", "high"];

    public static string ToName(this TaskPriority priority) => priority switch
    {
        TaskPriority.Low => "low",
        TaskPriority.Normal => "normal",
        TaskPriority.High => "high",
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, null),
    };

    public static bool TryParse(string? value, out TaskPriority priority)
    {
        foreach (var candidate in Enum.GetValues<TaskPriority>())
        {
            if (string.Equals(candidate.ToName(), value?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                priority = candidate;
                return true;
            }
        }

        priority = TaskPriority.Normal;
        return false;
    }

    public static TaskPriority Parse(string? value) => TryParse(value, out var priority) ? priority : TaskPriority.Normal;
}
