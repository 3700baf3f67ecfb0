using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Worker.Execution;

/// <summary>How many waiting steps a Worker runs at once on its async executor (section <c>Worker</c>).</summary>
public sealed class AsyncExecutorOptions
{
    public const string SectionName = "Worker";

    /// <summary>
    /// Waiting steps (LLM calls and the like) one Worker process runs at once per queue family (Worker__AsyncConcurrency),
    /// besides its Hangfire workers. They hold no thread while they wait, so this can be far above the core count; the
    /// global LLM limit (Llm__MaxConcurrency, shared through Redis) still bounds the calls. 0 runs every step on Hangfire threads.
    /// </summary>
    [Range(0, 10_000)]
    public int AsyncConcurrency { get; set; } = 256;

    /// <summary>
    /// Worker__BatchFetch: the executor takes the llm queues' jobs itself, many per statement (<see cref="BatchJobFetcher"/>),
    /// instead of one per Hangfire worker. Off leaves them to the Hangfire workers alone.
    /// </summary>
    public bool BatchFetch { get; set; } = true;

    /// <summary>
    /// Worker__DirectStart: the dispatch leader's Worker starts due llm tasks straight from the submit outbox on its own
    /// executor while it has room (<see cref="DirectTaskStarter"/>), each claimed and its job made Processing in the
    /// dispatch's statement, instead of queueing them for a fetch. Tasks an in-flight cap governs always take the queue.
    /// </summary>
    public bool DirectStart { get; set; } = true;

    /// <summary>Worker__FetchBatchSize: the most jobs one batch fetch takes (never more than the executor has room for).</summary>
    [Range(1, 10_000)]
    public int FetchBatchSize { get; set; } = 200;
}
