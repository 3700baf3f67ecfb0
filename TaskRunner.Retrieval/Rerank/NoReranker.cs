namespace TaskRunner.Retrieval.Rerank;

/// <summary>Registered when no reranker is configured: the fused order stands.</summary>
public sealed class NoReranker : IReranker
{
    public Task<IReadOnlyList<(int Index, double Score)>?> RerankAsync(string query, IReadOnlyList<string> documents, int topN, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<(int Index, double Score)>?>(null);
}
