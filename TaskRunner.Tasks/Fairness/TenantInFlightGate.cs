using System.Diagnostics.Metrics;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TaskRunner.Tasks.Fairness;

/// <summary>
/// Whether a tenant may start one more task on a queue family, and whether the API key that submitted the task may (a
/// key's own cap, <c>api_key_limits</c>, is a share of its tenant's cap, never a way around it). The check runs inside
/// the claim's one statement (<c>claim_task</c>, migration 0018) under a transaction-scoped advisory lock per tenant and
/// family, so two Workers claiming at once cannot both take the last place, and the lock is held for the server's work
/// only, not for round trips. A refused task stays queued and is dispatched again later; no attempt is spent.
/// </summary>
public sealed partial class TenantInFlightGate(IOptions<FairnessOptions> options, ILogger<TenantInFlightGate> logger)
{
    private static readonly Meter Meter = new("TaskRunner.Fairness");
    private static readonly Counter<long> Deferrals = Meter.CreateCounter<long>("taskrunner.fairness.deferrals", description: "Claims refused because the tenant, or the task's API key, was at its cap on the queue");

    /// <summary>Every queue and its family, as <c>claim_task</c> reads them (<c>{"0_high_llm": "llm", …}</c>).</summary>
    private static readonly string Families = JsonSerializer.Serialize(TaskQueues.WithPriorities.ToDictionary(q => q, TaskQueues.FamilyOf));

    /// <summary>The configured cap of each family (<c>{"llm": 192}</c>), serialised once rather than at every claim.</summary>
    private readonly string caps = JsonSerializer.Serialize(options.Value.Queues);

    /// <summary>
    /// The arguments of the claim (<c>claim_task</c>, migration 0018), which checks the caps inside the same statement: the
    /// configured cap of each family, the deferral delay and the waiting messages that say which cap refused the task.
    /// </summary>
    internal DynamicParameters ClaimArguments(Guid id, Guid dispatchId, string workerId, string[] sources)
    {
        return new DynamicParameters(new
        {
            id,
            dispatchId,
            workerId,
            sources,
            families = Families,
            caps,
            defaultCap = options.Value.MaxInFlightPerTenant,
            deferSeconds = NextDelay().TotalSeconds,
            tenantMessage = WaitingMessage(InFlightLimit.Tenant),
            keyMessage = WaitingMessage(InFlightLimit.ApiKey),
        });
    }

    /// <summary>Whether the configuration caps every tenant on queue family <paramref name="family"/> (a tenant's own row may still cap it).</summary>
    internal bool CapsEveryTenant(string family) => options.Value.CapFor(family) > 0;

    /// <summary>Counts and logs a task the claim deferred (its waiting message names the cap that refused it).</summary>
    internal void RecordDeferred(TaskRecord task)
    {
        var family = TaskQueues.FamilyOf(task.Queue);
        var limit = task.Message == WaitingMessage(InFlightLimit.ApiKey) ? InFlightLimit.ApiKey : InFlightLimit.Tenant;
        Deferrals.Add(1, new KeyValuePair<string, object?>("queue", family), new KeyValuePair<string, object?>("limit", limit == InFlightLimit.Tenant ? "tenant" : "api_key"));
        if (limit == InFlightLimit.Tenant)
        {
            LogDeferred(task.Id, task.TenantId, family);
        }
        else
        {
            LogDeferredByKey(task.Id, task.ApiKeyId, family);
        }
    }

    /// <summary>When a refused task is dispatched again: after <see cref="FairnessOptions.DeferSeconds"/>, jittered so deferred tasks do not return together.</summary>
    internal TimeSpan NextDelay() => TimeSpan.FromSeconds(options.Value.DeferSeconds * (1 + Random.Shared.NextDouble()));

    /// <summary>The message a refused task shows while it waits.</summary>
    internal static string WaitingMessage(InFlightLimit limit) => limit == InFlightLimit.ApiKey
        ? "Waiting: the API key that submitted the task has reached its cap of running tasks on this queue."
        : "Waiting: the tenant has reached its cap of running tasks on this queue.";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} waits: tenant {TenantId} is at its cap of running tasks on queue {Queue}")]
    private partial void LogDeferred(Guid taskId, string tenantId, string queue);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} waits: API key {KeyId} is at its cap of running tasks on queue {Queue}")]
    private partial void LogDeferredByKey(Guid taskId, Guid? keyId, string queue);
}
