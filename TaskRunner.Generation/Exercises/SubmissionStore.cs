using Dapper;
using Npgsql;
using TaskRunner.Tasks.Fencing;

namespace TaskRunner.Generation.Exercises;

/// <summary>SQL over the submissions table. Api reads filter by tenant; the grading job reads by id from its task.</summary>
public sealed class SubmissionStore(NpgsqlDataSource dataSource)
{
    public async Task InsertAsync(SubmissionRecord submission, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into submissions (id, tenant_id, exercise_id, answer, correct, score, feedback, grader, task_id, graded_at)
            values (@Id, @TenantId, @ExerciseId, @Answer, @Correct, @Score, @Feedback, @Grader, @TaskId, @GradedAt)
            """, submission, cancellationToken: ct));
    }

    public async Task<SubmissionRecord?> GetAsync(string tenantId, Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<SubmissionRecord>(new CommandDefinition(
            "select * from submissions where id = @id and tenant_id = @tenantId", new { id, tenantId }, cancellationToken: ct));
    }

    /// <summary>Records the grade (a re-run of the grading step overwrites it).</summary>
    /// <summary>Records a grade; with a <paramref name="fence"/>, only while that grading run owns its task.</summary>
    public async Task<bool> SetGradeAsync(Guid id, bool? correct, float score, string feedback, string grader, CancellationToken ct, TaskFence? fence = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (fence is not null)
        {
            await fence.HoldAsync(transaction, ct);
        }

        var updated = await connection.ExecuteAsync(new CommandDefinition("""
            update submissions set correct = @correct, score = @score, feedback = @feedback, grader = @grader, graded_at = now()
             where id = @id
            """, new { id, correct, score, feedback, grader }, transaction, cancellationToken: ct)) > 0;
        await transaction.CommitAsync(ct);
        return updated;
    }
}
