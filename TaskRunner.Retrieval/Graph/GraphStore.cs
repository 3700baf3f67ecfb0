using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace TaskRunner.Retrieval.Graph;

/// <summary>SQL over <c>graph_terms</c> and <c>graph_edges</c> (migration 0011).</summary>
public sealed class GraphStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Replaces a document's graph in one transaction, fenced on the task's run: when the run no longer owns the task
    /// (another run took it over), nothing is written and false comes back.
    /// </summary>
    public async Task<bool> ReplaceAsync(string tenantId, Guid documentId, KnowledgeGraph graph, Guid taskId, int run, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var owned = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from tasks where id = @taskId and runs = @run and status = 'running' for share)",
            new { taskId, run }, transaction, cancellationToken: ct));
        if (!owned)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "delete from graph_terms where document_id = @documentId; delete from graph_edges where document_id = @documentId;",
            new { documentId }, transaction, cancellationToken: ct));
        await using (var writer = await connection.BeginBinaryImportAsync("copy graph_terms (tenant_id, document_id, ordinal, term, weight) from stdin (format binary)", ct))
        {
            foreach (var node in graph.Nodes)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(tenantId, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(documentId, NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(node.Ordinal, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(node.Term, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(node.Weight, NpgsqlDbType.Real, ct);
            }

            await writer.CompleteAsync(ct);
        }

        await using (var writer = await connection.BeginBinaryImportAsync("copy graph_edges (tenant_id, document_id, source, target, weight) from stdin (format binary)", ct))
        {
            foreach (var edge in graph.Edges)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(tenantId, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(documentId, NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(edge.Source, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(edge.Target, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(edge.Weight, NpgsqlDbType.Real, ct);
            }

            await writer.CompleteAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// Graph expansion in one round trip: the <paramref name="fanout"/> terms most strongly linked to any of
    /// <paramref name="seeds"/> (summed edge weight), then the chunks holding the seeds (weight 1) or those neighbours
    /// (<paramref name="neighbourWeight"/> times the neighbour's strength relative to the strongest), scored by
    /// Σ node weight × term weight, best first.
    /// </summary>
    public async Task<IReadOnlyList<((Guid DocumentId, int Ordinal) Key, double Score)>> ExpandAsync(
        string tenantId, IReadOnlyList<string> seeds, IReadOnlyList<Guid>? documentIds, int fanout, double neighbourWeight, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(Guid DocumentId, int Ordinal, double Score)>(new CommandDefinition("""
            with neighbours as (
                select e.target as term, sum(e.weight)::float8 as strength
                  from graph_edges e
                 where e.tenant_id = @tenantId and e.source = any(@seeds)
                   and (@documents::uuid[] is null or e.document_id = any(@documents::uuid[]))
                   and not (e.target = any(@seeds))
                 group by e.target
                 order by strength desc, e.target
                 limit @fanout
            ), weighted as (
                select s.term, 1.0::float8 as weight from unnest(@seeds::text[]) as s(term)
                union all
                select n.term, @neighbourWeight * n.strength / nullif(max(n.strength) over (), 0) from neighbours n
            )
            select t.document_id, t.ordinal, sum(t.weight * q.weight)::float8 as score
              from graph_terms t join weighted q on t.term = q.term
             where t.tenant_id = @tenantId
               and (@documents::uuid[] is null or t.document_id = any(@documents::uuid[]))
             group by t.document_id, t.ordinal
             order by score desc, t.document_id, t.ordinal
             limit @limit
            """, new
        {
            tenantId,
            seeds = seeds.ToArray(),
            documents = DocumentsOrNull(documentIds),
            fanout,
            neighbourWeight,
            limit,
        }, cancellationToken: ct));
        return rows.Select(r => ((r.DocumentId, r.Ordinal), r.Score)).ToList();
    }

    private static Guid[]? DocumentsOrNull(IReadOnlyList<Guid>? documentIds) => documentIds is { Count: > 0 } ? documentIds.ToArray() : null;
}
