using TaskRunner.Api.Hosting;
using TaskRunner.Api.Tasks;
using TaskRunner.Generation.Batches;
using TaskRunner.Tasks;

namespace TaskRunner.Api.Batches;

/// <summary>A batch: its task's state, item counts by status, progress, timing, and a page of its items.</summary>
public sealed record BatchResponse(
    Guid Id,
    Guid TaskId,
    string Status,
    string Priority,
    string? Model,
    int Total,
    BatchCounts Counts,
    double Progress,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    double? ElapsedSeconds,
    PagedResponse<BatchItemResponse> Items,
    string StatusUrl,
    string ResultsUrl)
{
    public static BatchResponse From(BatchRecord batch, TaskRecord task, BatchCounts counts, PagedResponse<BatchItemResponse> items)
    {
        var started = task.StartedAt ?? counts.FirstStartedAt;
        var finished = task.FinishedAt;
        var elapsed = started is { } s ? ((finished ?? DateTime.UtcNow) - s).TotalSeconds : (double?)null;
        return new BatchResponse(
            batch.Id,
            batch.TaskId,
            task.Status,
            task.Priority,
            batch.Model,
            batch.ItemCount,
            counts,
            batch.ItemCount == 0 ? 1 : Math.Round((double)counts.Done / batch.ItemCount, 4),
            Utc(batch.CreatedAt),
            started is { } st ? Utc(st) : null,
            finished is { } f ? Utc(f) : null,
            elapsed is { } e ? Math.Round(e, 3) : null,
            items,
            TaskResponse.StatusUrlOf(task.Id),
            $"{BatchAccepted.UrlOf(batch.Id)}/results");
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
