using System.Text.Json;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Telemetry;
using TaskRunner.Tasks.Usage;

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
    string EventsUrl,
    double? EtaSeconds = null,
    TaskCost? Cost = null,
    string? TraceId = null)
{
    /// <summary>
    /// The task as clients see it; <paramref name="etaSeconds"/> (running tasks) and <paramref name="cost"/> are given
    /// where the endpoint reads them (one task's status), lists leave them out.
    /// </summary>
    public static TaskResponse From(TaskRecord task, double? etaSeconds = null, TaskCost? cost = null) => new(
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
        EventsUrlOf(task.Id),
        etaSeconds,
        cost,
        TraceParent.TraceIdOf(task.TraceParent));

    public static string StatusUrlOf(Guid id) => $"/api/v1/tasks/{id}";

    public static string EventsUrlOf(Guid id) => $"/api/v1/tasks/{id}/events";

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
