namespace TaskRunner.Retrieval.Rerank;

/// <summary>Reorders passages for a query. Chosen at registration: the HTTP reranker when Rerank:BaseUrl is set, otherwise none.</summary>
public interface IReranker
{
    /// <summary>
    /// The indexes of <paramref name="documents"/>, most relevant first, with their scores; null when there is no
    /// reranker or it failed (the caller keeps its own order).
    /// </summary>
    Task<IReadOnlyList<(int Index, double Score)>?> RerankAsync(string query, IReadOnlyList<string> documents, int topN, CancellationToken ct);
}
