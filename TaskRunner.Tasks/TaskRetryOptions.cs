using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Tasks;

public sealed class TaskRetryOptions
{
    public const string SectionName = "Retry";

    /// <summary>Runs of a task before a transient error fails it.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    [Range(0.1, 3600)]
    public double BaseDelaySeconds { get; set; } = 2;

    [Range(1, 86400)]
    public double MaxDelaySeconds { get; set; } = 120;
}
