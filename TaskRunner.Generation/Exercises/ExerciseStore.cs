using Dapper;
using Npgsql;
using TaskRunner.Tasks.Fencing;

namespace TaskRunner.Generation.Exercises;

/// <summary>SQL over the exercises table. Api reads filter by tenant; the generation job writes by task.</summary>
public sealed class ExerciseStore(NpgsqlDataSource dataSource)
{
    /// <summary>Inserts or replaces the exercise at (task, ordinal); with a <paramref name="fence"/>, only while that run owns the task.</summary>
    public async Task UpsertAsync(ExerciseRecord exercise, CancellationToken ct, TaskFence? fence = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var sql = $"""
            insert into exercises (id, tenant_id, task_id, document_ids, ordinal, type, question, options, answer, explanation,
                                   difficulty, language, source, generator)
            select @Id, @TenantId, @TaskId, @DocumentIds, @Ordinal, @Type, @Question, @Options::jsonb, @Answer, @Explanation,
                   @Difficulty, @Language, @Source::jsonb, @Generator
            {(fence is null ? "" : "from " + TaskFence.RowSource)}
            on conflict (task_id, ordinal) do update
               set id = excluded.id, document_ids = excluded.document_ids, type = excluded.type, question = excluded.question,
                   options = excluded.options, answer = excluded.answer, explanation = excluded.explanation,
                   difficulty = excluded.difficulty, language = excluded.language, source = excluded.source,
                   generator = excluded.generator, created_at = now()
            """;
        await TaskFence.WriteAsync(fence, () =>
            connection.ExecuteAsync(new CommandDefinition(sql, TaskFence.ParametersFor(fence, exercise), cancellationToken: ct)));
    }

    /// <summary>Deletes the task's exercises at the given ordinals, or all of them when <paramref name="ordinals"/> is null.</summary>
    public async Task<int> DeleteForTaskAsync(Guid taskId, IReadOnlyCollection<int>? ordinals, CancellationToken ct, TaskFence? fence = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var sql = "delete from exercises where task_id = @taskId and (@ordinals::int[] is null or ordinal = any(@ordinals))"
            + (fence is null ? "" : $" and exists (select from {TaskFence.RowSource})");
        return await TaskFence.WriteAsync(fence, () =>
            connection.ExecuteAsync(new CommandDefinition(sql, TaskFence.ParametersFor(fence, new { taskId, ordinals = ordinals?.ToArray() }), cancellationToken: ct)));
    }

    public async Task<IReadOnlyList<ExerciseRecord>> ListForTaskAsync(Guid taskId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var items = await connection.QueryAsync<ExerciseRecord>(new CommandDefinition(
            "select * from exercises where task_id = @taskId order by ordinal", new { taskId }, cancellationToken: ct));
        return items.AsList();
    }

    public async Task<ExerciseRecord?> GetAsync(string tenantId, Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ExerciseRecord>(new CommandDefinition(
            "select * from exercises where id = @id and tenant_id = @tenantId", new { id, tenantId }, cancellationToken: ct));
    }

    /// <summary>The tenant's exercises, newest task first and in order within a task; optionally of one document or task.</summary>
    public async Task<(IReadOnlyList<ExerciseRecord> Items, long Total)> ListAsync(
        string tenantId, Guid? documentId, Guid? taskId, int page, int pageSize, CancellationToken ct)
    {
        const string Filter = """
            where tenant_id = @tenantId
              and (@documentId::uuid is null or @documentId = any(document_ids))
              and (@taskId::uuid is null or task_id = @taskId)
            """;
        var args = new { tenantId, documentId, taskId, limit = pageSize, offset = (long)(page - 1) * pageSize };
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"select count(*) from exercises {Filter}", args, cancellationToken: ct));
        var items = await connection.QueryAsync<ExerciseRecord>(new CommandDefinition(
            $"select * from exercises {Filter} order by created_at desc, task_id, ordinal limit @limit offset @offset", args, cancellationToken: ct));
        return (items.AsList(), total);
    }

    public async Task<bool> DeleteAsync(string tenantId, Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "delete from exercises where id = @id and tenant_id = @tenantId", new { id, tenantId }, cancellationToken: ct)) > 0;
    }
}
