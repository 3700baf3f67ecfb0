using TaskRunner.Ingestion.Documents;

namespace TaskRunner.Retrieval.Lexical;

/// <summary>
/// One ready document as the lexical index holds it: its chunks, the inverted index from each keyword token
/// (<c>chunks.tokens</c>) to the chunks holding it, and its part of the knowledge graph (<c>graph_terms</c> per term,
/// <c>graph_edges</c> per source term). Immutable once built; a changed document is built again and swapped in.
/// </summary>
internal sealed class LexicalDocument
{
    private readonly Dictionary<int, int> byOrdinal;

    public LexicalDocument(Guid id, DateTime version, ChunkRecord[] chunks, Dictionary<string, int[]> postings,
        Dictionary<string, GraphNodeRef[]> terms, Dictionary<string, GraphLink[]> edges, long bytes)
    {
        Id = id;
        Version = version;
        Chunks = chunks;
        Postings = postings;
        Terms = terms;
        Edges = edges;
        Bytes = bytes;
        byOrdinal = new Dictionary<int, int>(chunks.Length);
        for (var i = 0; i < chunks.Length; i++)
        {
            byOrdinal[chunks[i].Ordinal] = i;
        }
    }

    public Guid Id { get; }

    /// <summary>The document's <c>updated_at</c> when it was read: a reindex or a status change moves it.</summary>
    public DateTime Version { get; }

    public ChunkRecord[] Chunks { get; }

    /// <summary>Keyword token → indexes into <see cref="Chunks"/>.</summary>
    public Dictionary<string, int[]> Postings { get; }

    /// <summary>Graph term → the chunks (ordinals) it is a node of, with the node's weight.</summary>
    public Dictionary<string, GraphNodeRef[]> Terms { get; }

    /// <summary>Graph term → the terms it links to, with the edge's weight (both directions are stored, as in the table).</summary>
    public Dictionary<string, GraphLink[]> Edges { get; }

    /// <summary>An estimate of the memory the document holds, for the budget.</summary>
    public long Bytes { get; }

    public ChunkRecord? ChunkAt(int ordinal) => byOrdinal.TryGetValue(ordinal, out var i) ? Chunks[i] : null;
}

/// <summary>A graph node: the chunk a term belongs to and how strongly.</summary>
internal readonly record struct GraphNodeRef(int Ordinal, float Weight);

/// <summary>A graph edge from a source term: its target and weight.</summary>
internal readonly record struct GraphLink(string Target, float Weight);
