using TaskRunner.Ingestion.Documents;

namespace TaskRunner.Retrieval.Lexical;

/// <summary>
/// Collects one document's rows (chunks with their tokens, graph terms, graph edges) and builds its
/// <see cref="LexicalDocument"/>. Strings go through a pool shared by one load, so a token held by many chunks is one object.
/// </summary>
internal sealed class LexicalDocumentBuilder(Guid id, DateTime version, Dictionary<string, string> pool)
{
    // Rough per-object costs (headers, references, dictionary slots) for the memory estimate; not exact, but proportional.
    private const int ChunkOverhead = 160;
    private const int EntryOverhead = 48;

    private readonly List<(ChunkRecord Chunk, string[] Tokens)> chunks = [];
    private readonly Dictionary<string, List<GraphNodeRef>> terms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<GraphLink>> edges = new(StringComparer.Ordinal);
    private int edgeCount;
    private int nodeCount;
    private long internedBytes;

    public Guid Id { get; } = id;

    /// <summary>Adds a chunk; null <paramref name="tokens"/> (a row the Workers' backfill has not reached) are made from its text by the same tokenizer.</summary>
    public void AddChunk(ChunkRecord chunk, string[]? tokens)
    {
        tokens ??= ChunkTokenizer.IndexTokens(chunk.Text);
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = Intern(tokens[i]);
        }

        chunks.Add((chunk, tokens));
    }

    public void AddTerm(int ordinal, string term, float weight)
    {
        term = Intern(term);
        if (!terms.TryGetValue(term, out var nodes))
        {
            terms[term] = nodes = [];
        }

        nodes.Add(new GraphNodeRef(ordinal, weight));
        nodeCount++;
    }

    public void AddEdge(string source, string target, float weight)
    {
        source = Intern(source);
        if (!edges.TryGetValue(source, out var links))
        {
            edges[source] = links = [];
        }

        links.Add(new GraphLink(Intern(target), weight));
        edgeCount++;
    }

    public LexicalDocument Build()
    {
        var ordered = chunks.OrderBy(c => c.Chunk.Ordinal).ToList();
        var postings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        long bytes = 0;
        for (var i = 0; i < ordered.Count; i++)
        {
            var (chunk, tokens) = ordered[i];
            bytes += ChunkOverhead + (2L * (chunk.Text.Length + (chunk.Section?.Length ?? 0) + chunk.ContentHash.Length + chunk.TenantId.Length));
            foreach (var token in tokens)
            {
                if (!postings.TryGetValue(token, out var list))
                {
                    postings[token] = list = [];
                }

                // A chunk's tokens are distinct (the column holds a set); a repeated one would count its weight twice.
                if (list.Count == 0 || list[^1] != i)
                {
                    list.Add(i);
                }
            }
        }

        var built = postings.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        bytes += built.Sum(p => EntryOverhead + (4L * p.Value.Length));
        bytes += (terms.Count * (long)EntryOverhead) + (nodeCount * 8L) + (edges.Count * (long)EntryOverhead) + (edgeCount * 16L);
        bytes += internedBytes; // a string pooled by an earlier document of the same load counts there
        return new LexicalDocument(Id, version, ordered.Select(c => c.Chunk).ToArray(), built,
            terms.ToDictionary(t => t.Key, t => t.Value.ToArray(), StringComparer.Ordinal),
            edges.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal), bytes);
    }

    private string Intern(string value)
    {
        if (pool.TryGetValue(value, out var pooled))
        {
            return pooled;
        }

        pool[value] = value;
        internedBytes += 24 + (2L * value.Length);
        return value;
    }
}
