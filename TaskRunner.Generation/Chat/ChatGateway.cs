using System.Diagnostics;
using TaskRunner.Retrieval.Passages;
using TaskRunner.Retrieval.Rerank;

namespace TaskRunner.Generation.Chat;

/// <summary>
/// Answers a question from the tenant's documents, in two phases so the caller can show the passages before the answer
/// streams: <see cref="RetrieveAsync"/> (parallel retrieval, then the optional reranker over a wider pool) and
/// <see cref="AnswerAsync"/> (the answer writer, then <see cref="CitationFilter"/>).
/// </summary>
public sealed class ChatGateway(PassageRetriever retriever, IReranker reranker, IChatAnswerWriter writer)
{
    /// <summary>The reranker chooses among this many candidates per passage kept (at most <see cref="MaxPool"/>).</summary>
    public const int PoolFactor = 3;
    public const int MaxPool = 50;

    /// <summary>Each passage goes to the reranker cut to this many characters.</summary>
    private const int RerankCharacters = 2000;

    public async Task<ChatRetrieval> RetrieveAsync(ChatQuery query, CancellationToken ct)
    {
        var pool = Math.Min(Math.Max(query.TopK * PoolFactor, query.TopK), MaxPool);
        var found = await retriever.SearchAsync(query.TenantId, query.Question, query.DocumentIds, pool, ct);
        var candidates = found.Passages;
        var reranking = Stopwatch.GetTimestamp();
        var ranking = candidates.Count > 1
            ? await reranker.RerankAsync(query.Question, candidates.Select(p => p.Text.Length > RerankCharacters ? p.Text[..RerankCharacters] : p.Text).ToList(), query.TopK, ct)
            : null;
        ChatTelemetry.Record(ChatTelemetry.Rerank, reranking);
        var ordered = ranking is null
            ? candidates.Take(query.TopK).Select(p => (Passage: p, Rerank: (double?)null))
            : ranking.Take(query.TopK).Select(r => (Passage: candidates[r.Index], Rerank: (double?)r.Score));
        var passages = ordered.Select((p, i) => new ChatPassage(i + 1, p.Passage.DocumentId, p.Passage.ChunkId, p.Passage.Ordinal, p.Passage.Page,
            p.Passage.Section, p.Passage.Text, p.Passage.Score, p.Passage.VectorRank, p.Passage.KeywordRank, p.Passage.GraphRank, p.Rerank)).ToList();
        return new ChatRetrieval(passages, found.Sources, ranking is not null);
    }

    public async Task<ChatAnswer> AnswerAsync(
        ChatQuery query, ChatRetrieval retrieval,
        Func<string, CancellationToken, ValueTask> onToken, Func<int, CancellationToken, ValueTask> onRestart, CancellationToken ct)
    {
        var answering = Stopwatch.GetTimestamp();
        var draft = await writer.WriteAsync(query, retrieval.Passages, onToken, onRestart, ct);
        ChatTelemetry.Record(ChatTelemetry.Answer, answering);
        var (answer, cited) = CitationFilter.Apply(draft.Text, retrieval.Passages.Count);
        var citations = cited.Select(n => retrieval.Passages[n - 1])
            .Select(p => new ChatCitation(p.Number, p.DocumentId, p.ChunkId, p.Page, p.Section)).ToList();
        return new ChatAnswer(answer, draft.Mode, citations, retrieval.Passages, retrieval.Sources, retrieval.Reranked, draft.Model, draft.Usage);
    }
}
