using System.Text.Json.Serialization;
using TaskRunner.Api.Tasks;
using TaskRunner.Tasks;

namespace TaskRunner.Api.Batches;

/// <summary>The answer to a new batch (or a retry of one): the task envelope plus the batch and where to read it.</summary>
public sealed record BatchAccepted : TaskAccepted
{
    [JsonConstructor]
    public BatchAccepted()
    {
    }

    public BatchAccepted(TaskRecord task, Guid batchId, int itemCount)
        : base(task)
    {
        BatchId = batchId;
        ItemCount = itemCount;
        BatchUrl = UrlOf(batchId);
        ResultsUrl = $"{UrlOf(batchId)}/results";
    }

    public Guid BatchId { get; init; }

    public int ItemCount { get; init; }

    public string BatchUrl { get; init; } = "";

    public string ResultsUrl { get; init; } = "";

    public static string UrlOf(Guid batchId) => $"/api/v1/batches/{batchId}";
}
