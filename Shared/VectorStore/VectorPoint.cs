namespace TaskRunner.Shared.VectorStore;

public sealed record VectorPoint(Guid Id, float[] Vector, VectorPayload Payload);
