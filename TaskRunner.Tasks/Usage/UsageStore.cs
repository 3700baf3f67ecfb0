using Dapper;
using Npgsql;
using TaskRunner.Tasks.Persistence;

namespace TaskRunner.Tasks.Usage;

/// <summary>
/// Token usage per task and model (table <c>task_usage</c>). Rows outlive their task on purpose: deleting a finished
/// task does not take its spend out of the tenant's usage.
/// </summary>
public sealed class UsageStore
{
    /// <summary>The most additions one statement writes.</summary>
    internal const int MaxBatch = 500;

    private readonly NpgsqlDataSource dataSource;
    private readonly CoalescedWrites<long, Addition, bool> additions;
    private long lastAddition;

    public UsageStore(NpgsqlDataSource dataSource)
    {
        this.dataSource = dataSource;
        additions = new(a => a.Number, WriteAsync, missing: false, MaxBatch);
    }

    /// <summary>Statements that added tokens so far (tests read it to see that concurrent additions shared them).</summary>
    internal long AddStatements => additions.Statements;

    /// <summary>
    /// Adds tokens to a task's row for the model (created on first use). Additions of concurrent calls share one
    /// statement (<see cref="CoalescedWrites{TKey, TItem, TResult}"/>): a thousand generations whose replies arrive
    /// together each wrote their usage alone, one statement and one commit per reply. Each addition is its own item,
    /// never replaced by another; the statement sums those of one row.
    /// </summary>
    public async Task AddAsync(TaskRecord task, ModelUsage delta, CancellationToken ct) =>
        await additions.WriteAsync(new Addition(Interlocked.Increment(ref lastAddition), task.Id, task.TenantId, task.Type, delta), ct);

    private async Task<IReadOnlyDictionary<long, bool>> WriteAsync(IReadOnlyList<Addition> batch)
    {
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into task_usage (task_id, tenant_id, task_type, model, input_tokens, output_tokens, embedding_tokens)
            select task_id, tenant_id, task_type, model, sum(input_tokens)::bigint, sum(output_tokens)::bigint, sum(embedding_tokens)::bigint
              from unnest(@taskIds, @tenantIds, @types, @models, @inputTokens, @outputTokens, @embeddingTokens)
                   as a(task_id, tenant_id, task_type, model, input_tokens, output_tokens, embedding_tokens)
             group by task_id, tenant_id, task_type, model
            on conflict (task_id, model) do update set
                input_tokens = task_usage.input_tokens + excluded.input_tokens,
                output_tokens = task_usage.output_tokens + excluded.output_tokens,
                embedding_tokens = task_usage.embedding_tokens + excluded.embedding_tokens,
                updated_at = now()
            """, new
        {
            taskIds = batch.Select(a => a.TaskId).ToArray(),
            tenantIds = batch.Select(a => a.TenantId).ToArray(),
            types = batch.Select(a => a.Type).ToArray(),
            models = batch.Select(a => a.Usage.Model).ToArray(),
            inputTokens = batch.Select(a => a.Usage.InputTokens).ToArray(),
            outputTokens = batch.Select(a => a.Usage.OutputTokens).ToArray(),
            embeddingTokens = batch.Select(a => a.Usage.EmbeddingTokens).ToArray(),
        }, cancellationToken: CancellationToken.None));
        return batch.ToDictionary(a => a.Number, _ => true);
    }

    public async Task<IReadOnlyList<ModelUsage>> ListForTaskAsync(Guid taskId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ModelUsage>(new CommandDefinition(
            "select model, input_tokens as inputtokens, output_tokens as outputtokens, embedding_tokens as embeddingtokens from task_usage where task_id = @taskId order by model",
            new { taskId }, cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>A tenant's usage with <c>created_at</c> in [<paramref name="from"/>, <paramref name="to"/>), summed per group and model.</summary>
    public async Task<IReadOnlyList<UsageRow>> SummarizeAsync(string tenantId, DateTimeOffset from, DateTimeOffset to, UsageGrouping groupBy, CancellationToken ct)
    {
        var key = groupBy == UsageGrouping.Day ? "to_char(created_at at time zone 'UTC', 'YYYY-MM-DD')" : "task_type";
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<UsageRow>(new CommandDefinition($"""
            select {key} as groupkey, model, sum(input_tokens)::bigint as inputtokens, sum(output_tokens)::bigint as outputtokens,
                   sum(embedding_tokens)::bigint as embeddingtokens
              from task_usage
             where tenant_id = @tenantId and created_at >= @from and created_at < @to
             group by 1, 2
             order by 1, 2
            """, new { tenantId, from = from.UtcDateTime, to = to.UtcDateTime }, cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>One call's tokens for a task, numbered so that no addition replaces another in a batch.</summary>
    private sealed record Addition(long Number, Guid TaskId, string TenantId, string Type, ModelUsage Usage);
}
