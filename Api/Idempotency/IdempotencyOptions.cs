using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Api.Idempotency;

public sealed class IdempotencyOptions
{
    public const string SectionName = "Idempotency";

    /// <summary>How long a claim lives without renewal; a running request renews it every third of this.</summary>
    [Range(2, 3600)]
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>How often each Api deletes keys older than 24 h (in batches of 1000).</summary>
    [Range(1, 86_400)]
    public int PurgeIntervalSeconds { get; set; } = 600;
}
