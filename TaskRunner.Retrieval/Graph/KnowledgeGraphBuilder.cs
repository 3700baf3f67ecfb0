namespace TaskRunner.Retrieval.Graph;

/// <summary>
/// Builds a document's knowledge graph from its chunks. Each chunk keeps its <see cref="TermsPerChunk"/> most
/// characteristic terms (occurrences times log(1 + chunks / chunks holding the term), so a term in every chunk counts
/// little). Two terms kept by one chunk are linked with weight 1 per such chunk; the leading terms of neighbouring
/// chunks of one section are linked with weight <see cref="AdjacencyWeight"/>. Pure: the same chunks give the same graph.
/// </summary>
public static class KnowledgeGraphBuilder
{
    public const int TermsPerChunk = 8;

    /// <summary>Of each chunk, this many leading terms are linked to the next chunk's in the same section.</summary>
    public const int AdjacentTerms = 3;

    public const float AdjacencyWeight = 0.5f;

    public static KnowledgeGraph Build(IReadOnlyList<(int Ordinal, string Text, string? Section)> chunks)
    {
        var counted = chunks.Select(c => (c.Ordinal, c.Section, Counts: GraphTerms.Count(c.Text))).ToList();
        var holding = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in counted.SelectMany(c => c.Counts.Keys))
        {
            holding[term] = holding.GetValueOrDefault(term) + 1;
        }

        var nodes = new List<GraphNode>();
        var kept = new List<(int Ordinal, string? Section, IReadOnlyList<string> Terms)>();
        foreach (var (ordinal, section, counts) in counted)
        {
            var top = counts
                .Select(t => (Term: t.Key, Weight: t.Value * Math.Log(1 + ((double)counted.Count / holding[t.Key]))))
                .OrderByDescending(t => t.Weight).ThenBy(t => t.Term, StringComparer.Ordinal)
                .Take(TermsPerChunk)
                .ToList();
            var best = top.Count > 0 ? top[0].Weight : 1;
            nodes.AddRange(top.Select(t => new GraphNode(ordinal, t.Term, (float)(t.Weight / best))));
            kept.Add((ordinal, section, top.Select(t => t.Term).ToList()));
        }

        var edges = new Dictionary<(string, string), float>();
        for (var i = 0; i < kept.Count; i++)
        {
            var terms = kept[i].Terms;
            foreach (var a in terms)
            {
                foreach (var b in terms)
                {
                    Link(edges, a, b, 1);
                }
            }

            if (i + 1 < kept.Count && kept[i + 1].Ordinal == kept[i].Ordinal + 1 && kept[i + 1].Section == kept[i].Section)
            {
                foreach (var a in terms.Take(AdjacentTerms))
                {
                    foreach (var b in kept[i + 1].Terms.Take(AdjacentTerms))
                    {
                        Link(edges, a, b, AdjacencyWeight);
                        Link(edges, b, a, AdjacencyWeight);
                    }
                }
            }
        }

        return new KnowledgeGraph(nodes, edges.Select(e => new GraphEdge(e.Key.Item1, e.Key.Item2, e.Value)).ToList());
    }

    private static void Link(Dictionary<(string, string), float> edges, string a, string b, float weight)
    {
        if (!string.Equals(a, b, StringComparison.Ordinal))
        {
            edges[(a, b)] = edges.GetValueOrDefault((a, b)) + weight;
        }
    }
}
