namespace TaskRunner.Tasks.Estimates;

/// <summary>A running task's estimated seconds to completion (<see cref="TaskEta"/>); null for tasks not running.</summary>
public sealed class TaskEstimator(TaskDurationHistory history)
{
    public async ValueTask<double?> EstimateAsync(TaskRecord task, double progress, CancellationToken ct)
    {
        if (task.RunStatus != TaskRunStatus.Running || task.StartedAt is not { } started)
        {
            return null;
        }

        var elapsed = (DateTime.UtcNow - DateTime.SpecifyKind(started, DateTimeKind.Utc)).TotalSeconds;
        return TaskEta.Estimate(progress, elapsed, await history.TypicalSecondsAsync(task, ct));
    }
}
