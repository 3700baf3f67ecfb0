using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace TaskRunner.Tasks.Outbox;

/// <summary>
/// Writes the task rows of concurrent submits together: one multi-row insert, one commit, for every submit that arrived
/// while the previous insert was in Postgres. Each caller still waits for its own row's commit, so nothing is
/// acknowledged before it is durable, and a lone submit is written at once (its batch holds one row). A batcher either
/// writes tasks alone, or with a <see cref="SubmitGuard"/>'s rows in the same statement (a document and its ingestion
/// task), each submit bringing its guard row. Why: at 64 concurrent submits Postgres spent 0.30 ms of CPU on each
/// single-row insert (the statement, its transaction, its commit's WAL flush), more than the Api's own work; a batch
/// pays those once (<c>bench/results/engine7</c>).
/// A batch that one row makes fail (a constraint it breaks, a value Postgres refuses) is written again row by row, so
/// each caller gets its own row's outcome and no caller fails for another's row; a batch the database fails as a whole
/// (a timeout, a lost connection) fails each of its callers. A submit still waiting for its batch after the pool's
/// connection <c>Timeout</c> (every insert slot held by a statement Postgres is slow to finish) is dropped unwritten
/// with <see cref="SubmitOverloadedException"/>, as a submit that found no pooled connection in time was: load is
/// shed, not queued without bound.
/// </summary>
public sealed partial class SubmitBatcher
{
    /// <summary>The most rows one insert writes.</summary>
    internal const int MaxBatch = 256;

    /// <summary>Inserts in flight at once: a second batch fills while the first is in Postgres.</summary>
    internal const int MaxFlushes = 2;

    private readonly NpgsqlDataSource dataSource;
    private readonly ILogger<SubmitBatcher> logger;
    private readonly SubmitGuard? guard;
    private readonly string insertSql;
    private readonly TimeSpan queueTimeout;
    private readonly ConcurrentQueue<Pending> pending = new();
    private int flushes;

    /// <summary>The batcher of lone submits (a task with no other rows).</summary>
    public SubmitBatcher(NpgsqlDataSource dataSource, ILogger<SubmitBatcher> logger)
        : this(dataSource, logger, null)
    {
    }

    /// <summary>A batcher of submits guarded by <paramref name="guard"/>.</summary>
    internal SubmitBatcher(NpgsqlDataSource dataSource, ILogger<SubmitBatcher> logger, SubmitGuard? guard)
    {
        this.dataSource = dataSource;
        this.logger = logger;
        this.guard = guard;
        insertSql = InsertSql(guard);
        queueTimeout = TimeSpan.FromSeconds(Math.Max(1, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Timeout));
    }

    /// <summary>Batches written so far, and their rows (tests read them to see that submits were coalesced).</summary>
    internal long Batches => Interlocked.Read(ref batches);

    internal long Rows => Interlocked.Read(ref rows);

    private long batches;
    private long rows;

    /// <summary>
    /// Writes <paramref name="task"/> (with <paramref name="guardRow"/> when the batcher has a guard) together with
    /// whatever other submits are waiting; null when the guard refused the task (nothing of it was written). The trace
    /// and API key of the caller are taken here, in its context. Once queued the rows are written whatever happens to
    /// the caller's token: a token that fired during the commit would leave the outcome unknown to the caller.
    /// </summary>
    internal async Task<TaskRecord?> InsertAsync(NewTask task, object? guardRow, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if ((guard is null) != (guardRow is null))
        {
            throw new ArgumentException(guard is null ? "A lone submit has no guard row." : "A guarded submit needs its guard row.", nameof(guardRow));
        }

        var item = new Pending(task, guardRow, Telemetry.TraceParent.Current(), Security.SubmittingApiKey.Current);
        pending.Enqueue(item);
        StartFlushIfNeeded();
        try
        {
            return await item.Written.Task.WaitAsync(queueTimeout, CancellationToken.None);
        }
        catch (TimeoutException) when (item.TryAbandon())
        {
            throw new SubmitOverloadedException(queueTimeout);
        }
        catch (TimeoutException)
        {
            // Its batch is in Postgres already: the outcome comes with the statement's.
            return await item.Written.Task;
        }
    }

    private void StartFlushIfNeeded()
    {
        while (true)
        {
            var running = Volatile.Read(ref flushes);
            if (running >= MaxFlushes || pending.IsEmpty)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref flushes, running + 1, running) == running)
            {
                // The flush belongs to no request: it must not join the trace, or outlive the token, of the one that started it.
                using (ExecutionContext.SuppressFlow())
                {
                    _ = Task.Run(FlushAsync);
                }

                return;
            }
        }
    }

    private async Task FlushAsync()
    {
        try
        {
            var batch = new List<Pending>();
            while (TakeBatch(batch))
            {
                await WriteAsync(batch);
                batch.Clear();
            }
        }
        finally
        {
            Interlocked.Decrement(ref flushes);
            // A submit queued after this flush found the queue empty, but before it gave up its place, started none.
            StartFlushIfNeeded();
        }
    }

    private bool TakeBatch(List<Pending> batch)
    {
        while (batch.Count < MaxBatch && pending.TryDequeue(out var item))
        {
            if (item.TryTake())
            {
                batch.Add(item);
            }
        }

        return batch.Count > 0;
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        try
        {
            var written = await InsertManyAsync(batch);
            Interlocked.Increment(ref batches);
            Interlocked.Add(ref rows, batch.Count);
            foreach (var item in batch)
            {
                Complete(item, written);
            }
        }
        catch (PostgresException ex) when (batch.Count > 1 && ex.SqlState is ['2', '2' or '3', ..])
        {
            // A row broke a constraint or had a value Postgres refused (classes 23 and 22): find out whose.
            LogBatchFailed(batch.Count, ex);
            foreach (var item in batch)
            {
                await WriteAloneAsync(item);
            }
        }
        catch (Exception ex)
        {
            // The database failed the statement as a whole (a timeout, a lost connection): every caller gets that.
            foreach (var item in batch)
            {
                item.Written.TrySetException(ex);
            }
        }
    }

    private async Task WriteAloneAsync(Pending item)
    {
        try
        {
            Complete(item, await InsertManyAsync([item]));
        }
        catch (Exception ex)
        {
            item.Written.TrySetException(ex);
        }
    }

    /// <summary>A task the statement returned no row for: the guard refused it, or (with no guard) something is wrong.</summary>
    private void Complete(Pending item, Dictionary<Guid, TaskRecord> written)
    {
        if (written.TryGetValue(item.Task.Id, out var record) || guard is not null)
        {
            item.Written.TrySetResult(record);
        }
        else
        {
            item.Written.TrySetException(new InvalidOperationException($"The insert of task {item.Task.Id} returned no row."));
        }
    }

    /// <summary>
    /// One statement for the batch, its rows in arrival order (<c>clock_timestamp()</c> per row keeps <c>created_at</c>,
    /// which orders the dispatch, in that order within the batch; two batches in flight may interleave).
    /// </summary>
    private async Task<Dictionary<Guid, TaskRecord>> InsertManyAsync(IReadOnlyList<Pending> batch)
    {
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        var parameters = new DynamicParameters(new
        {
            ids = batch.Select(p => p.Task.Id).ToArray(),
            tenantIds = batch.Select(p => p.Task.TenantId).ToArray(),
            types = batch.Select(p => p.Task.Type).ToArray(),
            queues = batch.Select(p => p.Task.Queue).ToArray(),
            inputs = batch.Select(p => p.Task.InputJson).ToArray(),
            documentIds = batch.Select(p => p.Task.DocumentId).ToArray(),
            priorities = batch.Select(p => p.Task.Priority.ToName()).ToArray(),
            traceParents = batch.Select(p => p.TraceParent).ToArray(),
            apiKeyIds = batch.Select(p => p.ApiKeyId).ToArray(),
        });
        guard?.AddParameters(parameters, batch.Select(p => p.GuardRow!).ToList());
        var rows = await connection.QueryAsync<TaskRecord>(new CommandDefinition(insertSql, parameters, cancellationToken: CancellationToken.None));
        return rows.ToDictionary(r => r.Id);
    }

    /// <summary>The batch's statement: the tasks from arrays, and the guard's statement first when there is one.</summary>
    internal static string InsertSql(SubmitGuard? guard) => $"""
        with {(guard is null ? "" : $"allowed as ({guard.Sql}),")}
             batch as (select * from unnest(@ids, @tenantIds, @types, @queues, @inputs, @documentIds, @priorities, @traceParents, @apiKeyIds)
                       with ordinality as t(id, tenant_id, type, queue, input, document_id, priority, trace_parent, api_key_id, n))
        insert into tasks (id, tenant_id, type, status, queue, input, document_id, stage, priority, trace_parent, api_key_id, created_at, updated_at)
        select t.id, t.tenant_id, t.type, 'queued', t.queue, t.input::jsonb, t.document_id, 'queued', t.priority, t.trace_parent, t.api_key_id,
               clock_timestamp(), clock_timestamp()
          from batch t {(guard is null ? "" : "where t.id in (select task_id from allowed)")}
         order by t.n
        returning *
        """;

    private sealed record Pending(NewTask Task, object? GuardRow, string? TraceParent, Guid? ApiKeyId)
    {
        // 0: queued; 1: taken into a batch; 2: abandoned by its caller (never written).
        private int state;

        public TaskCompletionSource<TaskRecord?> Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool TryTake() => Interlocked.CompareExchange(ref state, 1, 0) == 0;

        public bool TryAbandon() => Interlocked.CompareExchange(ref state, 2, 0) == 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} submits failed; writing them one by one")]
    private partial void LogBatchFailed(int count, Exception ex);
}
