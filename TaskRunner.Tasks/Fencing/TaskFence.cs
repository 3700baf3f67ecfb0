using Dapper;
using Npgsql;

namespace TaskRunner.Tasks.Fencing;

/// <summary>
/// The run a step writes for. Every data write of a step holds the fence inside its own transaction
/// (<see cref="HoldAsync"/>): the write commits only while this run owns the task, and the task row stays locked until
/// it does, so a run that was presumed dead and replaced can no longer write chunks, vectors, exercises or grades.
/// Stores outside Postgres (Qdrant) cannot share the transaction: they check just before writing
/// (<see cref="CheckAsync"/>), which leaves a window of one request, harmless because their upserts are idempotent by id.
/// </summary>
public sealed class TaskFence(NpgsqlDataSource dataSource, Guid taskId, int run)
{
    /// <summary>The SQLSTATE <c>task_fence()</c> raises (migration 0009).</summary>
    public const string SqlState = "TRF01";

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

    /// <summary>Checks once, outside any transaction (for a write Postgres cannot fence).</summary>
    public async Task CheckAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await HoldAsync(transaction, ct);
        await transaction.CommitAsync(ct);
    }
}
