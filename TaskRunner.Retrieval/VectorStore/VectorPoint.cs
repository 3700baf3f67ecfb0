namespace TaskRunner.Retrieval.VectorStore;

public sealed record VectorPoint(Guid Id, float[] Vector, VectorPayload Payload);
