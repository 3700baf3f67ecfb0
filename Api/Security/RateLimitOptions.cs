using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Api.Security;

public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimit";

    /// <summary>Requests a key may make per minute unless the key has its own limit.</summary>
    [Range(1, int.MaxValue)]
    public int RequestsPerMinute { get; set; } = 1200;
}
