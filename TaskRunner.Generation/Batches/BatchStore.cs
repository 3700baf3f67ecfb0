using Dapper;
using Npgsql;
using TaskRunner.Generation.Prompts;

namespace TaskRunner.Generation.Batches;

/// <summary>
/// SQL over batches and batch_items. Reads filter by tenant; the Worker's item writes are fenced on the task's run, so a
/// run that was presumed dead and replaced cannot overwrite what the current run wrote.
/// </summary>
public sealed class BatchStore(NpgsqlDataSource dataSource)
{
    /// <summary>Items still on the task count as canceled once the task is canceled, and as queued once it ended otherwise.</summary>
    private const string EffectiveStatus = """
        case when i.status in ('queued', 'running') and t.status = 'canceled' then 'canceled'
             when i.status = 'running' and t.status in ('succeeded', 'failed') then 'queued'
             else i.status end
        """;

    private const string ItemColumns = $"""
        i.batch_id, i.ordinal, i.prompt, i.system, i.model, i.max_tokens, i.temperature, {EffectiveStatus} as status, i.completion, i.response_model,
        i.prompt_tokens, i.completion_tokens, i.attempts, i.error_code, i.error_message, i.started_at, i.finished_at
        """;

    private const string Fence = "exists (select 1 from tasks where id = @taskId and runs = @run and status = 'running')";

    /// <summary>Stores a batch and its items before its task is submitted, so the task never starts without them.</summary>
    public async Task CreateAsync(Guid batchId, string tenantId, Guid taskId, string? model, IReadOnlyList<PromptInput> items, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into batches (id, tenant_id, task_id, model, item_count) values (@batchId, @tenantId, @taskId, @model, @count)",
            new { batchId, tenantId, taskId, model, count = items.Count }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into batch_items (batch_id, ordinal, prompt, system, model, max_tokens, temperature)
            select @batchId, o, p, s, m, x, t from unnest(@ordinals, @prompts, @systems, @models, @maxTokens, @temperatures) as u(o, p, s, m, x, t)
            """, new
        {
            batchId,
            ordinals = Enumerable.Range(0, items.Count).ToArray(),
            prompts = items.Select(i => i.Prompt).ToArray(),
            systems = items.Select(i => i.System).ToArray(),
            models = items.Select(i => i.Model).ToArray(),
            maxTokens = items.Select(i => i.MaxTokens).ToArray(),
            temperatures = items.Select(i => i.Temperature).ToArray(),
        }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    public async Task<BatchRecord?> GetAsync(string tenantId, Guid batchId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<BatchRecord>(new CommandDefinition(
            "select * from batches where id = @batchId and tenant_id = @tenantId", new { batchId, tenantId }, cancellationToken: ct));
    }

    public async Task<BatchRecord?> GetAsync(Guid batchId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<BatchRecord>(new CommandDefinition(
            "select * from batches where id = @batchId", new { batchId }, cancellationToken: ct));
    }

    public async Task<BatchCounts> CountAsync(Guid batchId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleAsync<BatchCounts>(new CommandDefinition($"""
            select count(*) filter (where s = 'queued')::int as queued, count(*) filter (where s = 'running')::int as running,
                   count(*) filter (where s = 'succeeded')::int as succeeded, count(*) filter (where s = 'failed')::int as failed,
                   count(*) filter (where s = 'canceled')::int as canceled, min(started_at) as firststartedat, max(finished_at) as lastfinishedat
              from (select {EffectiveStatus} as s, i.started_at, i.finished_at
                      from batch_items i join batches b on b.id = i.batch_id join tasks t on t.id = b.task_id
                     where i.batch_id = @batchId) items
            """, new { batchId }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<BatchItemRecord>> ListItemsAsync(Guid batchId, string? status, int page, int pageSize, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var items = await connection.QueryAsync<BatchItemRecord>(new CommandDefinition($"""
            select * from (select {ItemColumns} from batch_items i join batches b on b.id = i.batch_id join tasks t on t.id = b.task_id
                            where i.batch_id = @batchId) items
             where @status::text is null or status = @status
             order by ordinal limit @limit offset @offset
            """, new { batchId, status, limit = pageSize, offset = (long)(page - 1) * pageSize }, cancellationToken: ct));
        return items.AsList();
    }

    /// <summary>Every item in order, read as the caller consumes them (for JSON Lines of any size).</summary>
    public async IAsyncEnumerable<BatchItemRecord> StreamItemsAsync(Guid batchId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = connection.QueryUnbufferedAsync<BatchItemRecord>($"""
            select {ItemColumns} from batch_items i join batches b on b.id = i.batch_id join tasks t on t.id = b.task_id
             where i.batch_id = @batchId order by i.ordinal
            """, new { batchId });
        await foreach (var row in rows.WithCancellation(ct))
        {
            yield return row;
        }
    }

    /// <summary>
    /// Takes every unfinished item for this run in one statement (status running, one more attempt), so no item waits
    /// for a write of its own before its call starts; returns them. "running" thus means taken by the current run.
    /// </summary>
    public async Task<IReadOnlyList<BatchItemRecord>> TakePendingAsync(Guid batchId, Guid taskId, int run, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var items = await connection.QueryAsync<BatchItemRecord>(new CommandDefinition($"""
            update batch_items set status = 'running', started_at = coalesce(started_at, now()), attempts = attempts + 1
             where batch_id = @batchId and status in ('queued', 'running') and {Fence}
            returning *
            """, new { batchId, taskId, run }, cancellationToken: ct));
        return items.OrderBy(i => i.Ordinal).ToList();
    }

    /// <summary>Writes finished items in one statement, fenced on the run; returns how many rows changed.</summary>
    public async Task<int> WriteOutcomesAsync(Guid batchId, Guid taskId, int run, IReadOnlyList<BatchItemOutcome> outcomes, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition($"""
            update batch_items i
               set status = u.status, completion = u.completion, response_model = u.model, prompt_tokens = u.input, completion_tokens = u.output,
                   error_code = u.code, error_message = u.message, finished_at = now()
              from unnest(@ordinals, @statuses, @completions, @models, @inputs, @outputs, @codes, @messages)
                   as u(ordinal, status, completion, model, input, output, code, message)
             where i.batch_id = @batchId and i.ordinal = u.ordinal and i.status = 'running' and {Fence}
            """, new
        {
            batchId,
            taskId,
            run,
            ordinals = outcomes.Select(o => o.Ordinal).ToArray(),
            statuses = outcomes.Select(o => o.Status).ToArray(),
            completions = outcomes.Select(o => o.Completion).ToArray(),
            models = outcomes.Select(o => o.Model).ToArray(),
            inputs = outcomes.Select(o => o.InputTokens).ToArray(),
            outputs = outcomes.Select(o => o.OutputTokens).ToArray(),
            codes = outcomes.Select(o => o.ErrorCode).ToArray(),
            messages = outcomes.Select(o => o.ErrorMessage).ToArray(),
        }, cancellationToken: ct));
    }

    /// <summary>Puts failed items (and those a canceled run left) back in the queue for a retry of the batch; returns how many.</summary>
    public async Task<int> RequeueUnfinishedAsync(Guid batchId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("""
            update batch_items set status = 'queued', error_code = null, error_message = null, finished_at = null
             where batch_id = @batchId and status in ('failed', 'canceled', 'running')
            """, new { batchId }, cancellationToken: ct));
    }
}
