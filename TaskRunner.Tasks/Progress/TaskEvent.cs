using System.Text.Json;
using System.Text.Json.Serialization;
using TaskRunner.Tasks;

namespace TaskRunner.Tasks.Progress;

/// <summary>
/// One thing that happened to a task, as published on its Redis channel and relayed to SSE clients.
/// <see cref="Kind"/> is "state" (a status change or a persisted snapshot), "progress" or "token" (LLM text as it is written).
/// </summary>
public sealed record TaskEvent
{
    public required string Kind { get; init; }
    public required Guid TaskId { get; init; }
    public string? Status { get; init; }
    public string? Stage { get; init; }
    public float? Progress { get; init; }
    public string? Message { get; init; }
    public string? Text { get; init; }
    public JsonElement? Result { get; init; }
    public TaskError? Error { get; init; }
    /// <summary>The run (claim) of the task the event belongs to; events of an older run are stale.</summary>
    public int? Run { get; init; }

    /// <summary>Estimated seconds until a running task completes (README, "ETA and cost"); null when not running.</summary>
    public double? EtaSeconds { get; init; }

    /// <summary>Tokens spent so far and their price; on state and progress events.</summary>
    public Usage.TaskCost? Cost { get; init; }
    public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;

    [JsonIgnore]
    public bool IsFinal => Kind == TaskEventKinds.State && Status is not null && TaskRunStatusNames.TryParse(Status, out var s) && s.IsFinal();

    public static TaskEvent FromRecord(TaskRecord task) => new()
    {
        Kind = TaskEventKinds.State,
        TaskId = task.Id,
        Status = task.Status,
        Stage = task.Stage,
        Progress = task.Progress,
        Message = task.Message,
        Result = TaskJson.ParseOrNull(task.Result),
        Error = TaskJson.ParseError(task.Error),
        Run = task.Runs,
        At = new DateTimeOffset(DateTime.SpecifyKind(task.UpdatedAt, DateTimeKind.Utc)),
    };
}
