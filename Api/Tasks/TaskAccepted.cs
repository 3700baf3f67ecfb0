using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using TaskRunner.Tasks;

namespace TaskRunner.Api.Tasks;

/// <summary>
/// The one reply of every endpoint that starts work (202 Accepted): the task, where it waits, and where to watch it.
/// Endpoints with more to say derive from it (an upload adds the document).
/// </summary>
public record TaskAccepted
{
    [JsonConstructor]
    public TaskAccepted()
    {
    }

    public TaskAccepted(TaskRecord task)
    {
        TaskId = task.Id;
        Type = task.Type;
        Status = task.Status;
        Queue = task.Queue;
        StatusUrl = TaskResponse.StatusUrlOf(task.Id);
        EventsUrl = TaskResponse.EventsUrlOf(task.Id);
        CreatedAt = DateTime.SpecifyKind(task.CreatedAt, DateTimeKind.Utc);
    }

    public Guid TaskId { get; init; }

    public string Type { get; init; } = "";

    public string Status { get; init; } = "";

    public string Queue { get; init; } = "";

    public string StatusUrl { get; init; } = "";

    public string EventsUrl { get; init; } = "";

    public DateTime CreatedAt { get; init; }

    /// <summary>202 with the envelope, Location pointing at the task's status.</summary>
    public static Accepted<TaskAccepted> Result(TaskRecord task) => TypedResults.Accepted(TaskResponse.StatusUrlOf(task.Id), new TaskAccepted(task));
}
