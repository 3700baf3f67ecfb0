using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Api.Security;

/// <summary>The Hangfire dashboard: only operator keys open it, through a sign-in page; nothing depends on the source address.</summary>
public sealed class TaskRunnerDashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>How long a dashboard sign-in lasts; then the operator signs in again.</summary>
    [Range(1, 24 * 60)]
    public int SessionMinutes { get; set; } = 30;
}
