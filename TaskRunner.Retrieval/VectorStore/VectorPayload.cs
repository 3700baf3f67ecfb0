namespace TaskRunner.Retrieval.VectorStore;

/// <summary>What is stored beside a vector: enough to filter by tenant/document and find the chunk row again.</summary>
public sealed record VectorPayload(string TenantId, Guid DocumentId, int Ordinal, int? Page, string? Section, string TextHash);
