namespace TaskRunner.Tasks;

/// <summary>Task statuses as stored in <c>tasks.status</c> and shown to clients (see <see cref="WireName"/>).</summary>
public static class TaskRunStatusNames
{
    public static string ToName(this TaskRunStatus status) => WireName.Of(status);

    public static bool TryParse(string? value, out TaskRunStatus status) => WireName.TryParse(value, out status);

    public static TaskRunStatus Parse(string value) =>
        TryParse(value, out var status) ? status : throw new FormatException($"Unknown task status '{value}'.");

    public static bool IsFinal(this TaskRunStatus status) =>
        status is TaskRunStatus.Succeeded or TaskRunStatus.Failed or TaskRunStatus.Canceled;
}
