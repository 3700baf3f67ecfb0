using Hangfire.States;

namespace TaskRunner.Tasks.Jobs;

/// <summary>
/// The state of a task job whose run went on to a Worker's async executor: <c>Processing</c>, with the same data as
/// Hangfire's own processing state (which cannot be created outside Hangfire), so the dashboard lists the job under
/// Processing, with its server and whether that server is alive, until the executor gives it its final state.
/// </summary>
public sealed class ExecutorProcessingState(string serverId, string reason) : IState
{
    public const string WorkerId = "async-executor";

    public string Name => ProcessingState.StateName;

    public string Reason => reason;

    public bool IsFinal => false;

    public bool IgnoreJobLoadException => false;

    public Dictionary<string, string> SerializeData() => new()
    {
        ["StartedAt"] = Hangfire.Common.JobHelper.SerializeDateTime(DateTime.UtcNow),
        ["ServerId"] = serverId,
        ["WorkerId"] = WorkerId,
    };
}
