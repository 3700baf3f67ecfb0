using TaskRunner.Generation.Batches;
using TaskRunner.Generation.Prompts;

namespace TaskRunner.Api.Batches;

/// <summary>One item of a batch as clients see it (also one line of the JSON Lines results).</summary>
public sealed record BatchItemResponse(
    int Index,
    string Status,
    string? Completion,
    string? Model,
    PromptUsage? Usage,
    BatchItemError? Error,
    int Attempts,
    DateTime? StartedAt,
    DateTime? FinishedAt)
{
    public static BatchItemResponse From(BatchItemRecord item) => new(
        item.Ordinal,
        item.Status,
        item.Completion,
        item.ResponseModel ?? item.Model,
        item.Status == "succeeded" ? new PromptUsage(item.PromptTokens, item.CompletionTokens) : null,
        item.ErrorCode is null ? null : new BatchItemError(item.ErrorCode, item.ErrorMessage ?? ""),
        item.Attempts,
        item.StartedAt is { } s ? DateTime.SpecifyKind(s, DateTimeKind.Utc) : null,
        item.FinishedAt is { } f ? DateTime.SpecifyKind(f, DateTimeKind.Utc) : null);
}
