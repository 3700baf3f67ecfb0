using TaskRunner.Testing.Qdrant.Grpc;

namespace TaskRunner.Testing.Qdrant;

/// <summary>A point the double stores: normalised id (as Qdrant answers it), vector, payload.</summary>
internal sealed record StoredTestPoint(string Id, float[] Vector, Dictionary<string, Value> Payload);
