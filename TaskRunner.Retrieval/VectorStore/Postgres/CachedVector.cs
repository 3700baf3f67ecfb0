namespace TaskRunner.Retrieval.VectorStore.Postgres;

/// <summary>One row of <c>chunk_vectors</c> as the in-memory cache holds it.</summary>
internal sealed record CachedVector(Guid Id, VectorPayload Payload, float[] Vector);
