using System.ComponentModel.DataAnnotations;
using TaskRunner.Tasks;

namespace TaskRunner.Worker.Hosting;

/// <summary>What this Worker process serves. Scale a kind of work by starting more processes with its queue.</summary>
public sealed class WorkerOptions : IValidatableObject
{
    public const string SectionName = "Worker";

    /// <summary>Comma-separated queues (Worker__Queues or --queues): default, embed, ingest, llm.</summary>
    public string Queues { get; set; } = string.Join(',', TaskQueues.All);

    /// <summary>Concurrent jobs in this process (Worker__Count or --workers).</summary>
    [Range(1, 1000)]
    public int Count { get; set; } = 4;

    [Range(0.1, 600)]
    public double HeartbeatSeconds { get; set; } = 5;

    /// <summary>A running task whose heartbeat is older than this is presumed dead and requeued.</summary>
    [Range(1, 3600)]
    public double StaleAfterSeconds { get; set; } = 30;

    [Range(0.1, 600)]
    public double MaintenanceIntervalSeconds { get; set; } = 1;

    [Range(1, 3600)]
    public double ShutdownTimeoutSeconds { get; set; } = 20;

    public IReadOnlyList<string> QueueList =>
        Queues.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(q => q.ToLowerInvariant()).Distinct().ToArray();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (QueueList.Count == 0)
        {
            yield return new ValidationResult("Worker:Queues must name at least one queue.", [nameof(Queues)]);
        }

        foreach (var queue in QueueList.Where(q => !TaskQueues.All.Contains(q)))
        {
            yield return new ValidationResult($"Worker:Queues has unknown queue '{queue}'; known queues: {string.Join(", ", TaskQueues.All)}.", [nameof(Queues)]);
        }

        if (StaleAfterSeconds <= HeartbeatSeconds * 2)
        {
            yield return new ValidationResult("Worker:StaleAfterSeconds must be more than twice Worker:HeartbeatSeconds.", [nameof(StaleAfterSeconds)]);
        }
    }
}
