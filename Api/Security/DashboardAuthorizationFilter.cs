using Hangfire.Dashboard;

namespace TaskRunner.Api.Security;

/// <summary>
/// Hangfire's own check, behind the endpoint's operator policy: only an operator — a dashboard session cookie from
/// the sign-in page, or an operator key in a header — gets in. The source address never grants anything.
/// </summary>
public sealed class DashboardAuthorizationFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) =>
        context.GetHttpContext().User.HasClaim(TaskRunnerClaims.Operator, "true");
}
