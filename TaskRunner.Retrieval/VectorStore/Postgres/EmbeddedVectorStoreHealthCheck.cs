using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TaskRunner.Retrieval.VectorStore;

namespace TaskRunner.Retrieval.VectorStore.Postgres;

/// <summary>
/// Tells the operator which tenants of the embedded vector store have outgrown it (more vectors than
/// <c>VectorStore__QdrantAdviceVectors</c>): the check turns Degraded and names them. It never makes the process unready.
/// </summary>
public sealed class EmbeddedVectorStoreHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<IVectorStore>() is not PostgresVectorStore store)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Vectors are in Qdrant."));
        }

        var large = store.TenantsForQdrant();
        var cached = store.CachedTenants();
        var data = new Dictionary<string, object>
        {
            ["cachedTenants"] = cached.Count,
            ["cachedMegabytes"] = Math.Round(cached.Sum(t => t.Bytes) / (1024.0 * 1024.0), 1),
        };
        if (large.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Embedded vector store.", data));
        }

        data["moveToQdrant"] = large.Select(t => $"{t.TenantId} ({t.Vectors} vectors in {t.Collection})").ToArray();
        return Task.FromResult(HealthCheckResult.Degraded(
            $"{large.Count} tenant(s) are above VectorStore__QdrantAdviceVectors; move them to Qdrant (set Qdrant__Url): " +
            string.Join(", ", large.Select(t => t.TenantId)), data: data));
    }
}
