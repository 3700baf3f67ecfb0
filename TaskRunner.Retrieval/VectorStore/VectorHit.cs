namespace TaskRunner.Retrieval.VectorStore;

/// <param name="Score">Cosine similarity, higher is closer.</param>
public sealed record VectorHit(Guid PointId, float Score, VectorPayload Payload);
