using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Tasks;

/// <summary>
/// The one way work enters the platform: creates a task row of a declared type with its typed input and hands it to
/// Hangfire. Every endpoint that starts work calls it and answers 202 with a <c>TaskAccepted</c>.
/// </summary>
public sealed class TaskSubmitter(TaskDispatcher dispatcher, TaskTracker tracker)
{
    public async Task<TaskRecord> SubmitAsync<TInput>(
        TaskDefinition<TInput> type, string tenantId, TInput input, CancellationToken ct, Guid? documentId = null, Guid? taskId = null)
        where TInput : class
    {
        var inputJson = input is NoInput ? null : TaskJson.Serialize(input);
        var record = await dispatcher.InsertAndDispatchAsync(
            new NewTask(taskId ?? Guid.NewGuid(), tenantId, type.Name, type.FirstQueue, inputJson, documentId), ct);
        await tracker.SubmittedAsync(record, ct);
        return record;
    }
}
