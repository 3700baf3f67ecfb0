namespace TaskRunner.Api.Security;

/// <summary>Claims an authenticated API key (or a dashboard session) carries, and the policies that read them.</summary>
public static class TaskRunnerClaims
{
    public const string KeyId = "taskrunner:key";
    public const string Admin = "taskrunner:admin";
    public const string Operator = "taskrunner:operator";
    public const string RequestsPerMinute = "taskrunner:rpm";

    /// <summary>Tenant admin keys: endpoints that act on the whole tenant.</summary>
    public const string AdminPolicy = "admin";

    /// <summary>Platform operator keys: the Hangfire dashboard and the diagnostics endpoints, across tenants.</summary>
    public const string OperatorPolicy = "operator";
}
