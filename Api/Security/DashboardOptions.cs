using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Api.Security;

/// <summary>The Hangfire dashboard: only operator keys open it, through a sign-in page; nothing depends on the source address.</summary>
public sealed class TaskRunnerDashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>How long a dashboard sign-in lasts; then the operator signs in again.</summary>
    [Range(1, 24 * 60)]
    public int SessionMinutes { get; set; } = 30;

    /// <summary>
    /// Folder of the Data Protection key ring that signs and encrypts dashboard sessions (and antiforgery tokens). Empty:
    /// the default ring of the user running the Api. Several Api hosts behind one address must share one folder.
    /// </summary>
    public string? KeyRingPath { get; set; }
}
