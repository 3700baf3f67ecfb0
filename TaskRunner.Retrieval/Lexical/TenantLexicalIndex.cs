using TaskRunner.Ingestion.Documents;

namespace TaskRunner.Retrieval.Lexical;

/// <summary>
/// One tenant's ready documents in memory, as one immutable snapshot: keyword scoring, graph expansion and chunk texts
/// answered without a query. Each method computes what its SQL twin computes (<see cref="KeywordSearch"/>'s
/// <c>keyword_score</c>, <see cref="Graph.GraphStore.ExpandAsync"/>), with the same ties broken the same way.
/// </summary>
internal sealed class TenantLexicalIndex(IReadOnlyDictionary<Guid, LexicalDocument> documents)
{
    public static TenantLexicalIndex Empty { get; } = new(new Dictionary<Guid, LexicalDocument>());

    public IReadOnlyDictionary<Guid, LexicalDocument> Documents { get; } = documents;

    public long Bytes { get; } = documents.Values.Sum(d => d.Bytes);

    public int ChunkCount { get; } = documents.Values.Sum(d => d.Chunks.Length);

    /// <summary>How many chunks hold each term, up to <paramref name="cap"/> (as <see cref="TokenFrequencies.CountAsync"/> counts).</summary>
    public IReadOnlyDictionary<string, long> Count(IReadOnlyList<string> terms, int cap)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            long count = 0;
            foreach (var document in Documents.Values)
            {
                if (count >= cap)
                {
                    break;
                }

                count += document.Postings.TryGetValue(term, out var postings) ? postings.Length : 0;
            }

            counts[term] = Math.Min(count, cap);
        }

        return counts;
    }

    /// <summary>
    /// Every chunk holding any of <paramref name="terms"/>, scored by the summed weights of the terms it holds (weights
    /// as the SQL receives them, single precision, summed in double in term order), best first.
    /// </summary>
    public IReadOnlyList<(ChunkRecord Chunk, double Score)> Score(IReadOnlyList<(string Term, double Weight)> terms, IReadOnlyList<Guid>? documentIds, int limit)
    {
        var scores = new Dictionary<ChunkRecord, double>(ReferenceEqualityComparer.Instance);
        foreach (var document in Selected(documentIds))
        {
            foreach (var (term, weight) in terms)
            {
                if (!document.Postings.TryGetValue(term, out var postings))
                {
                    continue;
                }

                foreach (var index in postings)
                {
                    var chunk = document.Chunks[index];
                    scores[chunk] = scores.GetValueOrDefault(chunk) + (float)weight;
                }
            }
        }

        return scores.OrderByDescending(s => s.Value).ThenBy(s => s.Key.DocumentId, GuidOrder).ThenBy(s => s.Key.Ordinal)
            .Take(limit).Select(s => (s.Key, s.Value)).ToList();
    }

    /// <summary>
    /// Graph expansion: the <paramref name="fanout"/> terms most strongly linked to the seeds (summed edge weight), then
    /// the chunks holding a seed (weight 1) or a neighbour (<paramref name="neighbourWeight"/> × its strength relative to
    /// the strongest), scored by Σ node weight × term weight, best first.
    /// </summary>
    public IReadOnlyList<((Guid DocumentId, int Ordinal) Key, double Score)> Expand(
        IReadOnlyList<string> seeds, IReadOnlyList<Guid>? documentIds, int fanout, double neighbourWeight, int limit)
    {
        var selected = Selected(documentIds).ToList();
        var seedSet = seeds.ToHashSet(StringComparer.Ordinal);
        var strengths = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var document in selected)
        {
            foreach (var seed in seedSet)
            {
                if (!document.Edges.TryGetValue(seed, out var links))
                {
                    continue;
                }

                foreach (var link in links)
                {
                    if (!seedSet.Contains(link.Target))
                    {
                        // sum(real) in Postgres adds in single precision before the cast to float8.
                        strengths[link.Target] = strengths.GetValueOrDefault(link.Target) + link.Weight;
                    }
                }
            }
        }

        var weights = seedSet.Select(s => (Term: s, Weight: 1.0)).ToList();
        var neighbours = strengths.OrderByDescending(s => s.Value).ThenBy(s => s.Key, TextOrder).Take(fanout).ToList();
        if (neighbours.Count > 0 && neighbours[0].Value > 0)
        {
            double strongest = neighbours[0].Value;
            weights.AddRange(neighbours.Select(n => (n.Key, neighbourWeight * n.Value / strongest)));
        }

        var scores = new Dictionary<(Guid, int), double>();
        foreach (var document in selected)
        {
            foreach (var (term, weight) in weights)
            {
                if (!document.Terms.TryGetValue(term, out var nodes))
                {
                    continue;
                }

                foreach (var node in nodes)
                {
                    var key = (document.Id, node.Ordinal);
                    scores[key] = scores.GetValueOrDefault(key) + (node.Weight * weight);
                }
            }
        }

        return scores.OrderByDescending(s => s.Value).ThenBy(s => s.Key.Item1, GuidOrder).ThenBy(s => s.Key.Item2)
            .Take(limit).Select(s => (s.Key, s.Value)).ToList();
    }

    /// <summary>The chunks of <paramref name="keys"/> this index holds; keys it does not hold are left out.</summary>
    public IReadOnlyList<ChunkRecord> Chunks(IEnumerable<(Guid DocumentId, int Ordinal)> keys) =>
        keys.Select(k => Documents.TryGetValue(k.DocumentId, out var d) ? d.ChunkAt(k.Ordinal) : null).OfType<ChunkRecord>().ToList();

    private static readonly Comparer<Guid> GuidOrder = Comparer<Guid>.Create(PostgresOrder.Compare);
    private static readonly Comparer<string> TextOrder = Comparer<string>.Create(PostgresOrder.Compare);

    private IEnumerable<LexicalDocument> Selected(IReadOnlyList<Guid>? documentIds) => documentIds is { Count: > 0 }
        ? documentIds.Distinct().Select(id => Documents.GetValueOrDefault(id)).OfType<LexicalDocument>()
        : Documents.Values;
}
