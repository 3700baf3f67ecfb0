using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Retrieval.VectorStore.Postgres;

/// <summary>Settings of the <c>VectorStore</c> section: the embedded store's in-memory cache.</summary>
public sealed class EmbeddedVectorStoreOptions
{
    public const string SectionName = "VectorStore";

    /// <summary>Memory the process may spend on cached tenants; past it the least recently searched tenants are dropped.</summary>
    [Range(1, 1_048_576)]
    public int CacheBudgetMB { get; set; } = 2048;

    /// <summary>How stale a cached tenant may be: a search older than this since the last refresh reads the changes first.</summary>
    [Range(0, 3_600_000)]
    public int RefreshIntervalMs { get; set; } = 1000;

    /// <summary>A tenant with more vectors than this is better served by Qdrant; the operator is told (log and health check).</summary>
    [Range(1, int.MaxValue)]
    public int QdrantAdviceVectors { get; set; } = 1_000_000;

    /// <summary>Vectors per slab; 0 chooses about 4 MB slabs. Tests use tiny slabs to cross slab boundaries.</summary>
    internal int RowsPerSlab { get; set; }
}
