using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Shared.Tasks;

public sealed class HangfireStorageOptions
{
    public const string SectionName = "Hangfire";

    /// <summary>How often idle workers look for new jobs. Lower means faster pick-up and more queries.</summary>
    [Range(20, 15000)]
    public int QueuePollIntervalMs { get; set; } = 250;

    /// <summary>
    /// Wake idle workers with Postgres LISTEN/NOTIFY when a job is enqueued, instead of only polling; the poll interval
    /// then only bounds the wait. Needs PostgreSQL 11 or later.
    /// </summary>
    public bool EnableLongPolling { get; set; } = true;

    /// <summary>How long a fetched job stays invisible; with the sliding timeout it is renewed while the job runs.</summary>
    [Range(10, 86400)]
    public int InvisibilityTimeoutSeconds { get; set; } = 300;
}
