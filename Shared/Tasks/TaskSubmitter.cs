namespace TaskRunner.Shared.Tasks;

/// <summary>Creates a task row and hands it to Hangfire. Used by the Api; the caller answers 202 with the task.</summary>
public sealed class TaskSubmitter(TaskStore store, TaskDispatcher dispatcher, TaskTracker tracker)
{
    public async Task<TaskRecord> SubmitAsync(NewTask task, CancellationToken ct)
    {
        await store.InsertAsync(task, ct);
        await dispatcher.DispatchAsync(task.Id, ct);
        var record = await store.GetAsync(task.Id, ct) ?? throw new InvalidOperationException($"Task {task.Id} vanished after insert.");
        await tracker.SubmittedAsync(record, ct);
        return record;
    }
}
