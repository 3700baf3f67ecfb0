using System.Buffers;
using TaskRunner.Ingestion.Documents;

namespace TaskRunner.Retrieval.Lexical;

/// <summary>
/// One tenant's ready documents in memory, as one immutable snapshot: keyword scoring, graph expansion and chunk texts
/// answered without a query. Each method computes what its SQL twin computes (<see cref="KeywordSearch"/>'s
/// <c>keyword_score</c>, <see cref="Graph.GraphStore.ExpandAsync"/>), with the same ties broken the same way.
/// </summary>
internal sealed class TenantLexicalIndex
{
    private static readonly Comparer<Guid> GuidOrder = Comparer<Guid>.Create(PostgresOrder.Compare);
    private static readonly Comparer<string> TextOrder = Comparer<string>.Create(PostgresOrder.Compare);

    /// <summary>The documents in uuid order; their chunks numbered in that order, then by ordinal.</summary>
    private readonly LexicalDocument[] ordered;

    /// <summary>The number of each document's first chunk (one more entry: the total).</summary>
    private readonly int[] firstChunk;

    /// <summary>Chunk number → position of its document in <see cref="ordered"/>.</summary>
    private readonly int[] documentOf;

    public TenantLexicalIndex(IReadOnlyDictionary<Guid, LexicalDocument> documents)
    {
        Documents = documents;
        ordered = documents.Values.OrderBy(d => d.Id, GuidOrder).ToArray();
        firstChunk = new int[ordered.Length + 1];
        for (var i = 0; i < ordered.Length; i++)
        {
            firstChunk[i + 1] = firstChunk[i] + ordered[i].Chunks.Length;
            Bytes += ordered[i].Bytes;
        }

        ChunkCount = firstChunk[^1];
        documentOf = new int[ChunkCount];
        for (var i = 0; i < ordered.Length; i++)
        {
            Array.Fill(documentOf, i, firstChunk[i], ordered[i].Chunks.Length);
        }
    }

    public static TenantLexicalIndex Empty { get; } = new(new Dictionary<Guid, LexicalDocument>());

    public IReadOnlyDictionary<Guid, LexicalDocument> Documents { get; }

    public long Bytes { get; }

    public int ChunkCount { get; }

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
        // Chunks are numbered in the SQL's tie order (document uuid, ordinal), so ties break by number.
        var scores = ArrayPool<double>.Shared.Rent(Math.Max(ChunkCount, 1));
        Array.Clear(scores, 0, ChunkCount); // a pooled array may come back dirty from other renters
        var touched = new List<int>();
        var selected = SelectedOrdered(documentIds);
        try
        {
            foreach (var (term, weight) in terms)
            {
                var single = (float)weight;
                foreach (var document in selected)
                {
                    if (!ordered[document].Postings.TryGetValue(term, out var postings))
                    {
                        continue;
                    }

                    var first = firstChunk[document];
                    foreach (var local in postings)
                    {
                        var id = first + local;
                        if (scores[id] == 0)
                        {
                            touched.Add(id);
                        }

                        scores[id] += single;
                    }
                }
            }

            var best = Best(touched, scores, limit);
            var hits = new List<(ChunkRecord, double)>(best.Length);
            foreach (var id in best)
            {
                hits.Add((ChunkByNumber(id), scores[id]));
            }

            return hits;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scores);
        }
    }

    /// <summary>
    /// The <paramref name="limit"/> best of the touched chunks, best first: higher score, then lower number (the SQL's
    /// tie order). A size-limit heap rather than sorting every touched chunk: a common term touches thousands of chunks
    /// for the few dozen a question keeps, and that sort was a tenth of the Api's CPU per chat.
    /// </summary>
    private static int[] Best(List<int> touched, double[] scores, int limit)
    {
        if (limit <= 0 || touched.Count == 0)
        {
            return [];
        }

        var weakestFirst = Comparer<int>.Create((a, b) => scores[a] != scores[b] ? scores[a].CompareTo(scores[b]) : b.CompareTo(a));
        var heap = new PriorityQueue<int, int>(Math.Min(limit, touched.Count) + 1, weakestFirst);
        foreach (var id in touched)
        {
            if (heap.Count < limit)
            {
                heap.Enqueue(id, id);
            }
            else if (weakestFirst.Compare(id, heap.Peek()) > 0)
            {
                heap.EnqueueDequeue(id, id);
            }
        }

        var best = new int[heap.Count];
        for (var i = best.Length - 1; i >= 0; i--)
        {
            best[i] = heap.Dequeue();
        }

        return best;
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

    private ChunkRecord ChunkByNumber(int id)
    {
        var document = documentOf[id];
        return ordered[document].Chunks[id - firstChunk[document]];
    }

    /// <summary>Positions in the uuid-ordered documents of the selected ones.</summary>
    private int[] SelectedOrdered(IReadOnlyList<Guid>? documentIds)
    {
        if (documentIds is not { Count: > 0 })
        {
            return [.. Enumerable.Range(0, ordered.Length)];
        }

        var wanted = documentIds.ToHashSet();
        return [.. Enumerable.Range(0, ordered.Length).Where(i => wanted.Contains(ordered[i].Id))];
    }

    private IEnumerable<LexicalDocument> Selected(IReadOnlyList<Guid>? documentIds) => documentIds is { Count: > 0 }
        ? documentIds.Distinct().Select(id => Documents.GetValueOrDefault(id)).OfType<LexicalDocument>()
        : Documents.Values;
}
