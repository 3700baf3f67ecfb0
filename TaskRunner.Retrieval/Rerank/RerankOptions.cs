namespace TaskRunner.Retrieval.Rerank;

/// <summary>
/// The optional reranker (section <c>Rerank</c>): any server of the <c>POST {BaseUrl}/rerank</c> wire that
/// text-embeddings-inference, Jina and Cohere share. Empty <see cref="BaseUrl"/>: no reranking, the fused order stands.
/// </summary>
public sealed class RerankOptions
{
    public const string SectionName = "Rerank";

    /// <summary>Like "http://127.0.0.1:8081" (TEI) or "https://api.jina.ai/v1"; "/rerank" is appended.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>Sent as "model" when set (Jina and Cohere need it; TEI serves one model and ignores it).</summary>
    public string Model { get; set; } = "";

    /// <summary>Sent as "Authorization: Bearer …" when set.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Name of the passages field: "documents" (Jina, Cohere; the default) or "texts" (text-embeddings-inference).</summary>
    public string DocumentsField { get; set; } = "documents";

    /// <summary>A reranker slower than this is ignored for the request and the fused order stands.</summary>
    public int TimeoutMs { get; set; } = 2000;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BaseUrl);
}
