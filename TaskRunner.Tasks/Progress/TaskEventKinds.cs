namespace TaskRunner.Tasks.Progress;

public static class TaskEventKinds
{
    public const string State = "state";
    public const string Progress = "progress";
    public const string Token = "token";
}
