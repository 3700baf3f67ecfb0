using Dapper;
using Npgsql;
using System.Text.Json;
using System.Text.Json.Serialization;
using TaskRunner.Tasks.Fencing;
using TaskRunner.Tasks.Persistence;

namespace TaskRunner.Generation.Exercises;

/// <summary>SQL over the exercises table. Api reads filter by tenant; the generation job writes by task.</summary>
public sealed class ExerciseStore
{
    /// <summary>The most exercises one fenced upsert statement writes.</summary>
    internal const int MaxBatch = 500;

    private readonly NpgsqlDataSource dataSource;
    private readonly CoalescedWrites<(Guid TaskId, int Ordinal, int Run), FencedUpsert, bool> fencedUpserts;

    public ExerciseStore(NpgsqlDataSource dataSource)
    {
        this.dataSource = dataSource;
        fencedUpserts = new(u => (u.Exercise.TaskId, u.Exercise.Ordinal, u.Run), WriteFencedAsync, missing: false, MaxBatch);
    }

    /// <summary>What an upsert does to the exercise already at its (task, ordinal): a re-run or a regeneration replaces it.</summary>
    private const string Replace = """
        on conflict (task_id, ordinal) do update
           set id = excluded.id, document_ids = excluded.document_ids, type = excluded.type, question = excluded.question,
               options = excluded.options, answer = excluded.answer, explanation = excluded.explanation,
               difficulty = excluded.difficulty, language = excluded.language, source = excluded.source,
               generator = excluded.generator, created_at = now()
        """;

    /// <summary>Fenced upsert statements written so far (tests read it to see that concurrent upserts were coalesced).</summary>
    internal long FencedUpsertStatements => fencedUpserts.Statements;

    /// <summary>
    /// Inserts or replaces the exercise at (task, ordinal); with a <paramref name="fence"/>, only while that run owns the
    /// task (<see cref="StaleRunException"/> otherwise). Fenced upserts of concurrent runs share one statement
    /// (<see cref="CoalescedWrites{TKey, TItem, TResult}"/>): a thousand generations whose replies arrive together each
    /// wrote their exercise alone, the statement Postgres then spent the most time on (<c>bench/results/engine8</c>).
    /// </summary>
    public async Task UpsertAsync(ExerciseRecord exercise, CancellationToken ct, TaskFence? fence = null)
    {
        if (fence is not null)
        {
            // A batch that one stale run makes fail is written again item by item, so the refusal reaches only that run.
            await TaskFence.WriteAsync(fence, () => fencedUpserts.WriteAsync(new FencedUpsert(exercise, fence.Run), ct));
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition($"""
            insert into exercises (id, tenant_id, task_id, document_ids, ordinal, type, question, options, answer, explanation,
                                   difficulty, language, source, generator)
            values (@Id, @TenantId, @TaskId, @DocumentIds, @Ordinal, @Type, @Question, @Options::jsonb, @Answer, @Explanation,
                    @Difficulty, @Language, @Source::jsonb, @Generator)
            {Replace}
            """, exercise, cancellationToken: ct));
    }

    private async Task<IReadOnlyDictionary<(Guid TaskId, int Ordinal, int Run), bool>> WriteFencedAsync(IReadOnlyList<FencedUpsert> batch)
    {
        // One row per exercise, every run's fence held first in one statement (task_fence_all raises TRF01 when a run no longer owns its task).
        var rows = JsonSerializer.Serialize(batch.Select(FencedRow.Of));
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        var written = await connection.QueryAsync<(Guid TaskId, int Ordinal)>(new CommandDefinition($"""
            insert into exercises (id, tenant_id, task_id, document_ids, ordinal, type, question, options, answer, explanation,
                                   difficulty, language, source, generator)
            select e.id, e.tenant_id, e.task_id, e.document_ids, e.ordinal, e.type, e.question, e.options::jsonb, e.answer, e.explanation,
                   e.difficulty, e.language, e.source::jsonb, e.generator
              from jsonb_to_recordset(@rows::jsonb) as e(id uuid, tenant_id text, task_id uuid, document_ids uuid[], ordinal integer, type text,
                                                         question text, options text, answer text, explanation text, difficulty text,
                                                         language text, source text, generator text, run integer)
             cross join (select task_fence_all(@taskIds, @runs)) as fence
            {Replace}
            returning task_id, ordinal
            """, new { rows, taskIds = batch.Select(u => u.Exercise.TaskId).ToArray(), runs = batch.Select(u => u.Run).ToArray() },
            cancellationToken: CancellationToken.None));
        var rowsWritten = written.ToHashSet();
        return batch.Where(u => rowsWritten.Contains((u.Exercise.TaskId, u.Exercise.Ordinal)))
            .ToDictionary(u => (u.Exercise.TaskId, u.Exercise.Ordinal, u.Run), _ => true);
    }

    /// <summary>An exercise to write while run <see cref="Run"/> owns its task.</summary>
    private sealed record FencedUpsert(ExerciseRecord Exercise, int Run);

    /// <summary>A fenced exercise as <c>jsonb_to_recordset</c> reads it (the column names, and the run it is written for).</summary>
    private sealed record FencedRow(
        [property: JsonPropertyName("id")] Guid Id,
        [property: JsonPropertyName("tenant_id")] string TenantId,
        [property: JsonPropertyName("task_id")] Guid TaskId,
        [property: JsonPropertyName("document_ids")] Guid[] DocumentIds,
        [property: JsonPropertyName("ordinal")] int Ordinal,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("question")] string Question,
        [property: JsonPropertyName("options")] string Options,
        [property: JsonPropertyName("answer")] string Answer,
        [property: JsonPropertyName("explanation")] string? Explanation,
        [property: JsonPropertyName("difficulty")] string Difficulty,
        [property: JsonPropertyName("language")] string Language,
        [property: JsonPropertyName("source")] string? Source,
        [property: JsonPropertyName("generator")] string Generator,
        [property: JsonPropertyName("run")] int Run)
    {
        public static FencedRow Of(FencedUpsert u) => new(
            u.Exercise.Id, u.Exercise.TenantId, u.Exercise.TaskId, u.Exercise.DocumentIds, u.Exercise.Ordinal, u.Exercise.Type, u.Exercise.Question,
            u.Exercise.Options, u.Exercise.Answer, u.Exercise.Explanation, u.Exercise.Difficulty, u.Exercise.Language, u.Exercise.Source,
            u.Exercise.Generator, u.Run);
    }

    /// <summary>Deletes the task's exercises at the given ordinals, or all of them when <paramref name="ordinals"/> is null.</summary>
    public async Task<int> DeleteForTaskAsync(Guid taskId, IReadOnlyCollection<int>? ordinals, CancellationToken ct, TaskFence? fence = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var sql = "delete from exercises where task_id = @taskId and (@ordinals::int[] is null or ordinal = any(@ordinals))"
            + TaskFence.AndHeld(fence);
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
