using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Api.Security;

/// <summary>Bounds on what authenticating costs: failed attempts per client address, and the key caches' sizes.</summary>
public sealed class AuthenticationLimitOptions
{
    public const string SectionName = "Authentication";

    /// <summary>Failed or unauthenticated requests (401) one client address may make per minute before it gets 429.</summary>
    [Range(1, int.MaxValue)]
    public int FailuresPerMinute { get; set; } = 30;

    /// <summary>How long a valid key stays cached. Revocations reach every Api process through Redis at once; this is the fallback when Redis is down.</summary>
    [Range(1, 24 * 60 * 60)]
    public int KeyCacheSeconds { get; set; } = 30;

    /// <summary>Valid keys kept in each Api process's cache.</summary>
    [Range(1, int.MaxValue)]
    public int KeyCacheSize { get; set; } = 10_000;

    /// <summary>Unknown keys remembered (for 5 s) so a repeated bad key costs no query; bounded so random keys cannot grow it.</summary>
    [Range(1, int.MaxValue)]
    public int MissCacheSize { get; set; } = 1_000;
}
