namespace TaskRunner.Api.Security;

public sealed class TaskRunnerDashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>Let requests from the machine itself in without a key (development). Never applies to remote requests.</summary>
    public bool AllowLocalAnonymous { get; set; } = true;
}
