using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Retrieval.VectorStore.Qdrant;

/// <summary>Settings of the <c>Qdrant</c> section; Qdrant is used only when <see cref="Url"/> is set.</summary>
public sealed class QdrantOptions
{
    public const string SectionName = "Qdrant";

    /// <summary>REST endpoint, e.g. http://localhost:6333.</summary>
    [Url]
    public string? Url { get; set; }

    /// <summary>Sent as the <c>api-key</c> header when set.</summary>
    public string? ApiKey { get; set; }

    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 30;

    [Range(1, 10_000)]
    public int UpsertBatchSize { get; set; } = 256;
}
