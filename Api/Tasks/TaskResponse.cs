using System.Text.Json;
using TaskRunner.Tasks;

namespace TaskRunner.Api.Tasks;

/// <summary>A task as clients see it.</summary>
public sealed record TaskResponse(
    Guid Id,
    string Type,
    string Status,
    string Priority,
    string Queue,
    string? Stage,
    float Progress,
    string? Message,
    JsonElement? Result,
    TaskError? Error,
    int Attempts,
    Guid? DocumentId,
    string? HangfireJobId,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    DateTime? HeartbeatAt,
    string StatusUrl,
    string EventsUrl)
{
    public static TaskResponse From(TaskRecord task) => new(
        task.Id,
        task.Type,
        task.Status,
        task.Priority,
        task.Queue,
        task.Stage,
        task.Progress,
        task.Message,
        TaskJson.ParseOrNull(task.Result),
        TaskJson.ParseError(task.Error),
        task.Attempts,
        task.DocumentId,
        task.HangfireJobId,
        Utc(task.CreatedAt),
        task.StartedAt is { } s ? Utc(s) : null,
        task.FinishedAt is { } f ? Utc(f) : null,
        task.LastAliveAt is { } h ? Utc(h) : null,
        StatusUrlOf(task.Id),
        EventsUrlOf(task.Id));

    public static string StatusUrlOf(Guid id) => $"/api/v1/tasks/{id}";

    public static string EventsUrlOf(Guid id) => $"/api/v1/tasks/{id}/events";

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
