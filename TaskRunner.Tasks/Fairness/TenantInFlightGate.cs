using System.Diagnostics.Metrics;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace TaskRunner.Tasks.Fairness;

/// <summary>
/// Decides, inside the claim's transaction, whether a tenant may start one more task on a queue family, and whether the
/// API key that submitted the task may (a key's own cap, <c>api_key_limits</c>, is a share of its tenant's cap, never a
/// way around it). The check holds a transaction-scoped advisory lock per tenant and family, so two Workers claiming at
/// once cannot both take the last place. A refused task stays queued and is dispatched again later; no attempt is spent.
/// </summary>
public sealed partial class TenantInFlightGate(IOptions<FairnessOptions> options, ILogger<TenantInFlightGate> logger)
{
    private static readonly Meter Meter = new("TaskRunner.Fairness");
    private static readonly Counter<long> Deferrals = Meter.CreateCounter<long>("taskrunner.fairness.deferrals", description: "Claims refused because the tenant, or the task's API key, was at its cap on the queue");

    /// <summary>
    /// <see cref="InFlightLimit.None"/> when the tenant, and the task's key if it has a cap, are below their caps on the
    /// family of <paramref name="queue"/> (the caller then claims in the same transaction); else the cap that refused.
    /// Two round trips at most: the caps are read and the lock taken in one statement, and both counts come from one
    /// scan of the tenant's running tasks, which must start after the lock is held.
    /// </summary>
    internal async Task<InFlightLimit> TryEnterAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid taskId, string tenantId, Guid? apiKeyId, string queue, CancellationToken ct)
    {
        var family = TaskQueues.FamilyOf(queue);
        var caps = await connection.QuerySingleAsync<(int TenantCap, int KeyCap, long Locks)>(new CommandDefinition("""
            with caps as (
                select coalesce((select max_in_flight from tenant_limits where tenant_id = @tenantId and queue in (@family, '*')
                                  order by queue = '*' limit 1), @configured) as tenant_cap,
                       coalesce((select max_in_flight from api_key_limits where key_id = @apiKeyId::uuid and queue in (@family, '*')
                                  order by queue = '*' limit 1), 0) as key_cap),
                 locked as (
                select pg_advisory_xact_lock(hashtextextended('taskrunner:in-flight:' || @tenantId || ':' || @family, 0))
                  from caps where tenant_cap > 0 or key_cap > 0)
            select tenant_cap, key_cap, (select count(*) from locked) as locks from caps
            """, new { tenantId, family, apiKeyId, configured = options.Value.CapFor(family) }, transaction, cancellationToken: ct));
        if (caps.Locks == 0)
        {
            return InFlightLimit.None;
        }

        var running = await connection.QuerySingleAsync<(long Tenant, long ApiKey)>(new CommandDefinition("""
            select count(*) as tenant, count(*) filter (where api_key_id = @apiKeyId::uuid) as api_key
              from tasks where tenant_id = @tenantId and status = 'running' and queue = any(@queues)
            """, new { tenantId, apiKeyId, queues = TaskQueues.PrioritiesOf(family).ToArray() }, transaction, cancellationToken: ct));
        var refusedBy = caps.TenantCap > 0 && running.Tenant >= caps.TenantCap ? InFlightLimit.Tenant
            : caps.KeyCap > 0 && running.ApiKey >= caps.KeyCap ? InFlightLimit.ApiKey
            : InFlightLimit.None;
        if (refusedBy == InFlightLimit.None)
        {
            return refusedBy;
        }

        Deferrals.Add(1, new KeyValuePair<string, object?>("queue", family), new KeyValuePair<string, object?>("limit", refusedBy == InFlightLimit.Tenant ? "tenant" : "api_key"));
        if (refusedBy == InFlightLimit.Tenant)
        {
            LogDeferred(taskId, tenantId, running.Tenant, family, caps.TenantCap);
        }
        else
        {
            LogDeferredByKey(taskId, apiKeyId, running.ApiKey, family, caps.KeyCap);
        }

        return refusedBy;
    }

    /// <summary>When a refused task is dispatched again: after <see cref="FairnessOptions.DeferSeconds"/>, jittered so deferred tasks do not return together.</summary>
    internal TimeSpan NextDelay() => TimeSpan.FromSeconds(options.Value.DeferSeconds * (1 + Random.Shared.NextDouble()));

    /// <summary>The message a refused task shows while it waits.</summary>
    internal static string WaitingMessage(InFlightLimit limit) => limit == InFlightLimit.ApiKey
        ? "Waiting: the API key that submitted the task has reached its cap of running tasks on this queue."
        : "Waiting: the tenant has reached its cap of running tasks on this queue.";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} waits: tenant {TenantId} has {Running} running on queue {Queue}, its cap is {Cap}")]
    private partial void LogDeferred(Guid taskId, string tenantId, long running, string queue, int cap);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} waits: API key {KeyId} has {Running} running on queue {Queue}, its cap is {Cap}")]
    private partial void LogDeferredByKey(Guid taskId, Guid? keyId, long running, string queue, int cap);
}
