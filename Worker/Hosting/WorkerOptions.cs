using System.ComponentModel.DataAnnotations;
using TaskRunner.Tasks;

namespace TaskRunner.Worker.Hosting;

/// <summary>What this Worker process serves. Scale a kind of work by starting more processes with its queue.</summary>
public sealed class WorkerOptions : IValidatableObject
{
    public const string SectionName = "Worker";

    /// <summary>
    /// Comma-separated queues (Worker__Queues or --queues): default, embed, ingest, llm. A family name serves its high,
    /// normal and low queues (<see cref="TaskQueues.Expand"/>); a priority queue such as 0_high_llm serves only itself.
    /// </summary>
    public string Queues { get; set; } = string.Join(',', TaskQueues.All);

    /// <summary>Concurrent jobs in this process (Worker__Count or --workers).</summary>
    [Range(1, 1000)]
    public int Count { get; set; } = 4;

    /// <summary>
    /// Hangfire workers of the llm queues while the async executor is on (Worker__WaitingCount or --waiting-workers). Their
    /// jobs only claim a task and hand its waiting step to the executor. With the batch fetcher on (the default) it takes
    /// a burst's jobs many at a time and these only pick up what it leaves, so two suffice; with Worker__BatchFetch=false
    /// they set how fast a burst starts (12 then). 0 serves the llm queues with the <see cref="Count"/> workers, like every other queue.
    /// </summary>
    [Range(0, 1000)]
    public int WaitingCount { get; set; } = 2;

    /// <summary>
    /// Worker__SynchronousCommit: true makes this Worker's commits wait for the WAL flush like the Api's. By default they
    /// do not (<see cref="TaskRunner.Tasks.Persistence.CommitMode"/>): a Postgres crash can roll back the last moment of
    /// Worker progress, which is then run again; submits are never affected.
    /// </summary>
    public bool SynchronousCommit { get; set; }

    [Range(0.1, 600)]
    public double HeartbeatSeconds { get; set; } = 5;

    /// <summary>A running task whose heartbeat is older than this is presumed dead and requeued.</summary>
    [Range(1, 3600)]
    public double StaleAfterSeconds { get; set; } = 30;

    /// <summary>
    /// A queued task whose Hangfire job is still Enqueued although a Hangfire worker fetched its queue entry this long
    /// ago is dispatched again: a worker moves a job to Processing within moments of fetching it, and a fetch that lost
    /// the job (seen under bursts on the default queue) would otherwise hold the task for Hangfire's invisibility timeout.
    /// </summary>
    [Range(1, 3600)]
    public double FetchedJobLostAfterSeconds { get; set; } = 10;

    [Range(0.1, 600)]
    public double MaintenanceIntervalSeconds { get; set; } = 1;

    [Range(1, 3600)]
    public double ShutdownTimeoutSeconds { get; set; } = 20;

    /// <summary>The queues as configured (families and priority queues).</summary>
    public IReadOnlyList<string> QueueList =>
        Queues.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(q => q.ToLowerInvariant()).Distinct().ToArray();

    /// <summary>The Hangfire queues this Worker serves: every family expanded to its three priority queues.</summary>
    public IReadOnlyList<string> ServedQueues => TaskQueues.Expand(QueueList);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (QueueList.Count == 0)
        {
            yield return new ValidationResult("Worker:Queues must name at least one queue.", [nameof(Queues)]);
        }

        foreach (var queue in QueueList.Where(q => !TaskQueues.WithPriorities.Contains(q)))
        {
            yield return new ValidationResult($"Worker:Queues has unknown queue '{queue}'; known queues: {string.Join(", ", TaskQueues.WithPriorities)}.", [nameof(Queues)]);
        }

        if (StaleAfterSeconds <= HeartbeatSeconds * 2)
        {
            yield return new ValidationResult("Worker:StaleAfterSeconds must be more than twice Worker:HeartbeatSeconds.", [nameof(StaleAfterSeconds)]);
        }
    }
}
