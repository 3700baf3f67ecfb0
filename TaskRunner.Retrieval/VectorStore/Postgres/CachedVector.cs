namespace TaskRunner.Retrieval.VectorStore.Postgres;

/// <summary>What the in-memory cache keeps of one <c>chunk_vectors</c> row besides its vector, which lives only in the slabs.</summary>
internal readonly record struct CachedVector(Guid Id, VectorPayload Payload);
