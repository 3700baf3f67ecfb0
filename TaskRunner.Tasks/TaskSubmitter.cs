using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Tasks;

/// <summary>
/// The one way work enters the platform: creates a task row of a declared type with its typed input and hands it to
/// Hangfire. Every endpoint that starts work calls it and answers 202 with a <c>TaskAccepted</c>.
/// </summary>
public sealed class TaskSubmitter(TaskDispatcher dispatcher, TaskTracker tracker, TaskStore store)
{
    /// <summary>
    /// Submits a task of <paramref name="type"/>. <paramref name="priority"/> picks, for each step, the queue of that
    /// step's family that serves the priority (<see cref="TaskQueues.ForPriority"/>); normal keeps the declared queue.
    /// </summary>
    public async Task<TaskRecord> SubmitAsync<TInput>(
        TaskDefinition<TInput> type, string tenantId, TInput input, CancellationToken ct, Guid? documentId = null, Guid? taskId = null,
        TaskPriority priority = TaskPriority.Normal)
        where TInput : class
    {
        if (taskId is null && IdempotentSubmission.NextTaskId() is { } derived)
        {
            // A retry of an idempotent request whose first attempt submitted this task already: the same task again.
            if (await store.GetAsync(tenantId, derived, ct) is { } existing)
            {
                return existing;
            }
            taskId = derived;
        }

        var inputJson = input is NoInput ? null : TaskJson.Serialize(input);
        var record = await dispatcher.InsertAndDispatchAsync(
            new NewTask(taskId ?? Guid.NewGuid(), tenantId, type.Name, TaskQueues.ForPriority(type.FirstQueue, priority), inputJson, documentId, priority), ct);
        await tracker.SubmittedAsync(record, ct);
        return record;
    }
}
