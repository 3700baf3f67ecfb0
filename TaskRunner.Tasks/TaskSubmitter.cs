using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;
using TaskRunner.Tasks.Outbox;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Tasks;

/// <summary>
/// The one way work enters the platform: writes a task row of a declared type with its typed input, in one transaction
/// with the caller's own rows, as the dispatch intent of <see cref="TaskOutbox"/>. No Hangfire call happens here: the
/// Worker's dispatch leader creates the job, woken by the NOTIFY <see cref="DispatchWaker"/> sends after the commit.
/// Every endpoint that starts work calls it and answers 202 with a <c>TaskAccepted</c>.
/// </summary>
public sealed class TaskSubmitter(
    NpgsqlDataSource dataSource, TaskTracker tracker, TaskStore store, DispatchWaker waker, SubmitBatcher batcher, ILogger<SubmitBatcher> batcherLogger)
{
    private readonly ConcurrentDictionary<SubmitGuard, SubmitBatcher> guardedBatchers = new();

    /// <summary>
    /// Submits a task of <paramref name="type"/>. <paramref name="priority"/> picks, for each step, the queue of that
    /// step's family that serves the priority (<see cref="TaskQueues.ForPriority"/>); normal keeps the declared queue.
    /// </summary>
    public async Task<TaskRecord> SubmitAsync<TInput>(
        TaskDefinition<TInput> type, string tenantId, TInput input, CancellationToken ct, Guid? documentId = null, Guid? taskId = null,
        TaskPriority priority = TaskPriority.Normal)
        where TInput : class =>
        (await SubmitWithAsync(type, tenantId, input, null, ct, documentId, taskId, priority))!;

    /// <summary>
    /// Submits a task together with <paramref name="alongside"/>'s writes, all or nothing. Returns null (and writes
    /// nothing) when <paramref name="alongside"/> answers false. Once the transaction commits nothing undoes the submit:
    /// the rest runs without the caller's token.
    /// </summary>
    public async Task<TaskRecord?> SubmitWithAsync<TInput>(
        TaskDefinition<TInput> type, string tenantId, TInput input, SubmitAlongside? alongside, CancellationToken ct, Guid? documentId = null,
        Guid? taskId = null, TaskPriority priority = TaskPriority.Normal)
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

        var newTask = NewTaskOf(type, tenantId, input, taskId ?? Guid.NewGuid(), documentId, priority);
        var record = alongside is null ? await InsertAloneAsync(newTask, ct) : await InsertWithAsync(newTask, alongside, ct);
        return Submitted(record);
    }

    /// <summary>
    /// Submits a task together with <paramref name="guard"/>'s row in one statement, all or nothing: null (and nothing
    /// written) when the guard refuses it. For a write that needs no read first, it saves the transaction's round trips
    /// of <see cref="SubmitWithAsync{TInput}"/>, and concurrent submits with the same guard share the statement
    /// (<see cref="SubmitBatcher"/>). The caller chooses the task id (no idempotent derivation).
    /// </summary>
    public async Task<TaskRecord?> SubmitGuardedAsync<TInput, TRow>(
        TaskDefinition<TInput> type, string tenantId, TInput input, SubmitGuard<TRow> guard, TRow guardRow, Guid taskId, Guid? documentId,
        CancellationToken ct)
        where TInput : class
        where TRow : class
    {
        var newTask = NewTaskOf(type, tenantId, input, taskId, documentId, TaskPriority.Normal);
        var batcher = guardedBatchers.GetOrAdd(guard, g => new SubmitBatcher(dataSource, batcherLogger, g));
        return Submitted(await batcher.InsertAsync(newTask, guardRow, ct));
    }

    private static NewTask NewTaskOf<TInput>(TaskDefinition<TInput> type, string tenantId, TInput input, Guid taskId, Guid? documentId, TaskPriority priority)
        where TInput : class =>
        new(taskId, tenantId, type.Name, TaskQueues.ForPriority(type.FirstQueue, priority), input is NoInput ? null : TaskJson.Serialize(input), documentId, priority);

    /// <summary>After the commit: wakes the dispatch leader and counts the task.</summary>
    private TaskRecord? Submitted(TaskRecord? record)
    {
        if (record is not null)
        {
            waker.Wake();
            tracker.Submitted(record);
        }

        return record;
    }

    /// <summary>
    /// A task with no other rows: written with the other lone submits in flight (<see cref="SubmitBatcher"/>), in one
    /// statement that commits on its own.
    /// </summary>
    private async Task<TaskRecord> InsertAloneAsync(NewTask task, CancellationToken ct) =>
        (await batcher.InsertAsync(task, null, ct))!;

    private async Task<TaskRecord?> InsertWithAsync(NewTask task, SubmitAlongside alongside, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await alongside(transaction, ct))
        {
            return null;
        }

        var record = await TaskOutbox.InsertAsync(connection, transaction, task, ct);

        // A token that fires during COMMIT would leave the outcome unknown to the caller; the commit runs to its end.
        await transaction.CommitAsync(CancellationToken.None);
        return record;
    }
}
