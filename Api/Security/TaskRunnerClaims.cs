namespace TaskRunner.Api.Security;

/// <summary>Claims an authenticated API key carries.</summary>
public static class TaskRunnerClaims
{
    public const string KeyId = "taskrunner:key";
    public const string Admin = "taskrunner:admin";
    public const string RequestsPerMinute = "taskrunner:rpm";
    public const string AdminPolicy = "admin";
}
