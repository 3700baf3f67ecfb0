namespace TaskRunner.Retrieval.VectorStore;

/// <param name="DocumentIds">Restrict to these documents; null or empty searches the whole tenant.</param>
public sealed record VectorQuery(string TenantId, float[] Vector, IReadOnlyList<Guid>? DocumentIds, int Limit);
