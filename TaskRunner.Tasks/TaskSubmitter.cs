namespace TaskRunner.Tasks;

/// <summary>Creates a task row and hands it to Hangfire. Used by the Api; the caller answers 202 with the task.</summary>
public sealed class TaskSubmitter(TaskDispatcher dispatcher, TaskTracker tracker)
{
    public async Task<TaskRecord> SubmitAsync(NewTask task, CancellationToken ct)
    {
        var record = await dispatcher.InsertAndDispatchAsync(task, ct);
        await tracker.SubmittedAsync(record, ct);
        return record;
    }
}
