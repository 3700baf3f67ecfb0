using System.Globalization;
using TaskRunner.Tasks.Persistence;

namespace TaskRunner.Retrieval.VectorStore;

/// <summary>Deterministic point ids (RFC 4122 version 5, SHA-1 name-based), so a replayed upsert overwrites instead of duplicating.</summary>
public static class VectorPointId
{
    /// <summary>Namespace of TaskRunner chunk points; never change it, or every stored id changes.</summary>
    public static readonly Guid Namespace = new("6f1c2a9e-3b7d-4c55-9a0e-8d2f4b61c7e3");

    public static Guid For(Guid documentId, int ordinal) =>
        DeterministicGuid.Create(Namespace, string.Create(CultureInfo.InvariantCulture, $"{documentId:D}:{ordinal}"));
}
