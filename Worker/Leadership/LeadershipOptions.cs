using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Worker.Leadership;

/// <summary>The fleet-wide roles one Worker runs at a time: the outbox dispatcher and the maintenance sweeps.</summary>
public sealed class LeadershipOptions
{
    public const string SectionName = "Leadership";

    /// <summary>How often a Worker that does not lead tries to take over (the takeover delay after a leader dies).</summary>
    [Range(0.1, 600)]
    public double RetrySeconds { get; set; } = 2;

    /// <summary>Tasks claimed per dispatch batch.</summary>
    [Range(1, 10_000)]
    public int DispatchBatchSize { get; set; } = 100;

    /// <summary>Hangfire jobs the dispatcher creates side by side (each a few round trips on its own connection).</summary>
    [Range(1, 64)]
    public int DispatchParallelism { get; set; } = 8;

    /// <summary>The dispatcher's fallback poll when no NOTIFY arrives (notifications are lost while it reconnects).</summary>
    [Range(0.1, 600)]
    public double DispatchPollSeconds { get; set; } = 5;
}
