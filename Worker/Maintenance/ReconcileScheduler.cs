using TaskRunner.Ingestion.Documents;
using TaskRunner.Retrieval.Indexing;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Worker.Maintenance;

/// <summary>
/// The recurring Hangfire job: submits one ordinary <c>vectors.reconcile</c> task per tenant through
/// <see cref="TaskSubmitter"/>, so each run is tracked, retried and watchable like any other task.
/// </summary>
public sealed partial class ReconcileScheduler(ChunkInventory inventory, TaskSubmitter submitter, ILogger<ReconcileScheduler> logger)
{
    public const string RecurringJobId = "vectors-reconcile";

    public async Task<IReadOnlyList<Guid>> SubmitForAllTenantsAsync(CancellationToken ct)
    {
        var submitted = new List<Guid>();
        foreach (var tenant in await inventory.ListTenantsAsync(ct))
        {
            var task = await submitter.SubmitAsync(DocumentTasks.ReconcileVectors, tenant, NoInput.Value, ct);
            submitted.Add(task.Id);
            LogSubmitted(tenant, task.Id);
        }

        return submitted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Submitted reconciliation task {TaskId} for tenant {TenantId}")]
    private partial void LogSubmitted(string tenantId, Guid taskId);
}
