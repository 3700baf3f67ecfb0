namespace TaskRunner.Retrieval.Indexing;

/// <summary>What a <c>vectors.reconcile</c> run found and repaired for one tenant in one collection.</summary>
public sealed record ReconcileResult(
    string TenantId,
    string Collection,
    int Chunks,
    int Vectors,
    int MissingVectors,
    int StaleVectors,
    int Reembedded,
    int OrphanVectors,
    int DeletedOrphans,
    int DocumentsRepaired);
