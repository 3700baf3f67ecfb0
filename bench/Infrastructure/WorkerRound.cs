using TaskRunner.Client;

namespace TaskRunner.Bench.Infrastructure;

/// <summary>One round of a <see cref="WorkerSession"/>: its wall time, the tasks as read afterwards, and how they ended.</summary>
public sealed record WorkerRound(TimeSpan Wall, IReadOnlyList<TaskResponse> Tasks, int Succeeded, int Failed)
{
    public TaskResponse Task(Guid id) => Tasks.Single(t => t.Id == id);
}
