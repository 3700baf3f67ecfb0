namespace TaskRunner.Retrieval.VectorStore;

/// <summary>A stored point without its vector: what reconciliation compares with the chunk table.</summary>
public sealed record StoredPoint(Guid Id, VectorPayload Payload);
