using System.Diagnostics.Metrics;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace TaskRunner.Tasks.Fairness;

/// <summary>
/// Decides, inside the claim's transaction, whether a tenant may start one more task on a queue family. The check
/// holds a transaction-scoped advisory lock per tenant and family, so two Workers claiming at once cannot both take
/// the last place. A refused task stays queued and is dispatched again later; no attempt is spent.
/// </summary>
public sealed partial class TenantInFlightGate(IOptions<FairnessOptions> options, ILogger<TenantInFlightGate> logger)
{
    private static readonly Meter Meter = new("TaskRunner.Fairness");
    private static readonly Counter<long> Deferrals = Meter.CreateCounter<long>("taskrunner.fairness.deferrals", description: "Claims refused because the tenant was at its cap on the queue");

    /// <summary>True when the tenant is below its cap on the family of <paramref name="queue"/> (the caller then claims in the same transaction).</summary>
    internal async Task<bool> TryEnterAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid taskId, string tenantId, string queue, CancellationToken ct)
    {
        var family = TaskQueues.FamilyOf(queue);
        var cap = await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition("""
            select max_in_flight from tenant_limits where tenant_id = @tenantId and queue in (@family, '*')
             order by queue = '*' limit 1
            """, new { tenantId, family }, transaction, cancellationToken: ct)) ?? options.Value.CapFor(family);
        if (cap <= 0)
        {
            return true;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "select pg_advisory_xact_lock(hashtextextended('taskrunner:in-flight:' || @tenantId || ':' || @family, 0))",
            new { tenantId, family }, transaction, cancellationToken: ct));
        var running = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "select count(*) from tasks where tenant_id = @tenantId and status = 'running' and queue = any(@queues)",
            new { tenantId, queues = TaskQueues.PrioritiesOf(family).ToArray() }, transaction, cancellationToken: ct));
        if (running < cap)
        {
            return true;
        }

        Deferrals.Add(1, new KeyValuePair<string, object?>("queue", family));
        LogDeferred(taskId, tenantId, running, family, cap);
        return false;
    }

    /// <summary>When a refused task is dispatched again: after <see cref="FairnessOptions.DeferSeconds"/>, jittered so deferred tasks do not return together.</summary>
    internal TimeSpan NextDelay() => TimeSpan.FromSeconds(options.Value.DeferSeconds * (1 + Random.Shared.NextDouble()));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} waits: tenant {TenantId} has {Running} running on queue {Queue}, its cap is {Cap}")]
    private partial void LogDeferred(Guid taskId, string tenantId, int running, string queue, int cap);
}
