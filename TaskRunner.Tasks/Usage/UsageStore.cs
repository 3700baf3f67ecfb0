using Dapper;
using Npgsql;

namespace TaskRunner.Tasks.Usage;

/// <summary>
/// Token usage per task and model (table <c>task_usage</c>). Rows outlive their task on purpose: deleting a finished
/// task does not take its spend out of the tenant's usage.
/// </summary>
public sealed class UsageStore(NpgsqlDataSource dataSource)
{
    /// <summary>Adds tokens to a task's row for the model (created on first use).</summary>
    public async Task AddAsync(TaskRecord task, ModelUsage delta, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into task_usage (task_id, tenant_id, task_type, model, input_tokens, output_tokens, embedding_tokens)
            values (@Id, @TenantId, @Type, @Model, @InputTokens, @OutputTokens, @EmbeddingTokens)
            on conflict (task_id, model) do update set
                input_tokens = task_usage.input_tokens + excluded.input_tokens,
                output_tokens = task_usage.output_tokens + excluded.output_tokens,
                embedding_tokens = task_usage.embedding_tokens + excluded.embedding_tokens,
                updated_at = now()
            """, new { task.Id, task.TenantId, task.Type, delta.Model, delta.InputTokens, delta.OutputTokens, delta.EmbeddingTokens }, cancellationToken: ct));
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
}
