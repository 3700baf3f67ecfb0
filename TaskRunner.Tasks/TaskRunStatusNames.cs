namespace TaskRunner.Tasks;

public static class TaskRunStatusNames
{
    public static string ToName(this TaskRunStatus status) => status switch
    {
        TaskRunStatus.Queued => "queued",
        TaskRunStatus.Running => "running",
        TaskRunStatus.Succeeded => "succeeded",
        TaskRunStatus.Failed => "failed",
        TaskRunStatus.Canceled => "canceled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParse(string? value, out TaskRunStatus status)
    {
        foreach (var candidate in Enum.GetValues<TaskRunStatus>())
        {
            if (string.Equals(candidate.ToName(), value, StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }

    public static TaskRunStatus Parse(string value) =>
        TryParse(value, out var status) ? status : throw new FormatException($"Unknown task status '{value}'.");

    public static bool IsFinal(this TaskRunStatus status) =>
        status is TaskRunStatus.Succeeded or TaskRunStatus.Failed or TaskRunStatus.Canceled;
}
