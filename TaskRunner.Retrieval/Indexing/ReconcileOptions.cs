namespace TaskRunner.Retrieval.Indexing;

/// <summary>When the Worker's recurring job submits <c>vectors.reconcile</c> for every tenant.</summary>
public sealed class ReconcileOptions
{
    public const string SectionName = "Reconcile";

    /// <summary>Cron expression in UTC (Reconcile__Cron); daily at 03:00 by default. Empty removes the recurring job.</summary>
    public string Cron { get; set; } = "0 3 * * *";

    /// <summary>Chunks or vectors read at a time (Reconcile__PageSize): what a run holds in memory, whatever the tenant's size.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int PageSize { get; set; } = 1000;
}
