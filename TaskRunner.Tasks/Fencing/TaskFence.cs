using Dapper;
using Npgsql;

namespace TaskRunner.Tasks.Fencing;

/// <summary>
/// The run a step writes for. Every data write of a step holds the fence inside its own transaction
/// (<see cref="HoldAsync"/>): the write commits only while this run owns the task, and the task row stays locked until
/// it does, so a run that was presumed dead and replaced can no longer write chunks, vectors, exercises or grades.
/// A write that is a single statement holds the fence inside that statement instead (<see cref="RowSource"/>): the
/// same lock and the same refusal, in one round trip and without an explicit transaction.
/// Stores outside Postgres (Qdrant) cannot share the transaction: they check just before writing
/// (<see cref="CheckAsync"/>), which leaves a window of one request, harmless because their upserts are idempotent by id.
/// </summary>
public sealed class TaskFence(NpgsqlDataSource dataSource, Guid taskId, int run)
{
    /// <summary>The SQLSTATE <c>task_fence()</c> raises (migration 0009).</summary>
    public const string SqlState = "TRF01";

    /// <summary>
    /// The fence as a row source of one row, for a single-statement write: <c>insert … select … from </c><see cref="RowSource"/>,
    /// or <c>… where exists (select from </c><see cref="RowSource"/><c>)</c>, with <see cref="ParametersFor"/>.
    /// </summary>
    public const string RowSource = "task_fence(@FenceTaskId, @FenceRun)";

    /// <summary>
    /// The condition an <c>update</c> or <c>delete</c> appends to its <c>where</c> to hold <paramref name="fence"/> inside the
    /// statement (<c>and exists (select from </c><see cref="RowSource"/><c>)</c>), or nothing for a write with no fence.
    /// </summary>
    public static string AndHeld(TaskFence? fence) => fence is null ? "" : $" and exists (select from {RowSource})";

    public Guid TaskId { get; } = taskId;

    public int Run { get; } = run;

    /// <summary>Locks the task row for the rest of <paramref name="transaction"/>; throws <see cref="StaleRunException"/> if this run no longer owns it.</summary>
    public async Task HoldAsync(NpgsqlTransaction transaction, CancellationToken ct)
    {
        try
        {
            await transaction.Connection!.ExecuteAsync(new CommandDefinition(
                "select task_fence(@TaskId, @Run)", new { TaskId, Run }, transaction, cancellationToken: ct));
        }
        catch (PostgresException ex) when (ex.SqlState == SqlState)
        {
            throw new StaleRunException(TaskId, Run, ex);
        }
    }

    /// <summary>The write's parameters (<paramref name="values"/>'s properties) plus the fence's, when there is one.</summary>
    public static DynamicParameters ParametersFor(TaskFence? fence, object values)
    {
        var parameters = new DynamicParameters(values);
        if (fence is not null)
        {
            parameters.Add("FenceTaskId", fence.TaskId);
            parameters.Add("FenceRun", fence.Run);
        }

        return parameters;
    }

    /// <summary>Runs a single-statement write that holds <see cref="RowSource"/>; a refusal becomes <see cref="StaleRunException"/>.</summary>
    public static async Task<T> WriteAsync<T>(TaskFence? fence, Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (PostgresException ex) when (fence is not null && ex.SqlState == SqlState)
        {
            throw new StaleRunException(fence.TaskId, fence.Run, ex);
        }
    }

    /// <summary>Checks once, outside any transaction (for a write Postgres cannot fence).</summary>
    public async Task CheckAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await HoldAsync(transaction, ct);
        await transaction.CommitAsync(ct);
    }
}
