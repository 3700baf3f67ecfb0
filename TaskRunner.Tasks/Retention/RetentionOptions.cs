using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Tasks.Retention;

/// <summary>How long final tasks are kept (Retention__Days).</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Days a succeeded, failed or canceled task is kept after it finished.</summary>
    [Range(0.001, 36_500)]
    public double Days { get; set; } = 30;

    /// <summary>Tasks deleted per statement, so one sweep never holds many row locks.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 500;
}
