namespace TaskRunner.Generation.Batches;

/// <summary>A row of the batch_items table: the prompt, its status, and its result or error once finished.</summary>
public sealed class BatchItemRecord
{
    public Guid BatchId { get; init; }
    public int Ordinal { get; init; }
    public string Prompt { get; init; } = "";
    public string? System { get; init; }
    public string? Model { get; init; }
    public int? MaxTokens { get; init; }
    public float? Temperature { get; init; }
    public string Status { get; init; } = "queued";
    public string? Completion { get; init; }
    public string? ResponseModel { get; init; }
    public int? PromptTokens { get; init; }
    public int? CompletionTokens { get; init; }
    public int Attempts { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? FinishedAt { get; init; }
}
