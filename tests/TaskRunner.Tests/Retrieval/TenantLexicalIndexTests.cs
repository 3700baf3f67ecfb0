using TaskRunner.Ingestion.Documents;
using TaskRunner.Retrieval.Lexical;

namespace TaskRunner.Tests.Retrieval;

/// <summary>The in-memory lexical index on hand-made documents: scores, Postgres's tie order, filters and graph weights.</summary>
public sealed class TenantLexicalIndexTests
{
    // Big-endian byte order puts Low first; a signed comparison of the first four bytes would put High first.
    private static readonly Guid High = Guid.Parse("80000000-0000-0000-0000-000000000000");
    private static readonly Guid Low = Guid.Parse("00000001-0000-0000-0000-000000000000");

    [Fact]
    public void Scores_sum_the_single_precision_weights_of_the_terms_a_chunk_holds_and_ties_follow_uuid_then_ordinal()
    {
        var index = Index(Document(High, "magma rises", "magma cools into basalt"), Document(Low, "magma rises"));

        var hits = index.Score([("magma", 0.1), ("basalt", 2.7)], null, 10);

        Assert.Equal([(High, 1), (Low, 0), (High, 0)], hits.Select(h => (h.Chunk.DocumentId, h.Chunk.Ordinal)));
        Assert.Equal((double)0.1f + 2.7f, hits[0].Score);
        Assert.Equal((double)0.1f, hits[1].Score);
    }

    [Fact]
    public void A_document_filter_keeps_only_its_documents_and_unknown_ids_match_nothing()
    {
        var index = Index(Document(High, "magma rises"), Document(Low, "magma rises"));

        Assert.Equal([High], index.Score([("magma", 1)], [High, Guid.NewGuid()], 10).Select(h => h.Chunk.DocumentId));
        Assert.Empty(index.Score([("magma", 1)], [Guid.NewGuid()], 10));
        Assert.Equal(2, index.Score([("magma", 1)], [], 10).Count);
    }

    [Fact]
    public void Graph_expansion_weighs_neighbours_relative_to_the_strongest_and_skips_seeds_as_neighbours()
    {
        var builder = new LexicalDocumentBuilder(Low, DateTime.UnixEpoch, new Dictionary<string, string>());
        builder.AddChunk(Chunk(Low, 0, "photosynthesis"), null);
        builder.AddChunk(Chunk(Low, 1, "chloroplasts"), null);
        builder.AddChunk(Chunk(Low, 2, "stomata"), null);
        builder.AddTerm(0, "photosynthesis", 1f);
        builder.AddTerm(1, "chloroplasts", 0.5f);
        builder.AddTerm(2, "stomata", 1f);
        builder.AddEdge("photosynthesis", "chloroplasts", 4f);
        builder.AddEdge("photosynthesis", "stomata", 1f);
        builder.AddEdge("photosynthesis", "light", 2f);
        var document = builder.Build();
        var index = new TenantLexicalIndex(new Dictionary<Guid, LexicalDocument> { [Low] = document });

        var hits = index.Expand(["photosynthesis", "light"], null, fanout: 8, neighbourWeight: 0.5, limit: 10).ToDictionary(h => h.Key, h => h.Score);

        Assert.Equal(1.0, hits[(Low, 0)]);
        Assert.Equal(0.5 * 0.5 * 4 / 4, hits[(Low, 1)], 1e-12);
        Assert.Equal(1.0 * 0.5 * 1 / 4, hits[(Low, 2)], 1e-12);
        Assert.Single(index.Expand(["photosynthesis"], null, fanout: 1, neighbourWeight: 0.5, limit: 10), h => h.Key == (Low, 1));
        Assert.DoesNotContain(index.Expand(["photosynthesis"], null, fanout: 1, neighbourWeight: 0.5, limit: 10), h => h.Key == (Low, 2));
    }

    private static TenantLexicalIndex Index(params LexicalDocument[] documents) => new(documents.ToDictionary(d => d.Id));

    private static LexicalDocument Document(Guid id, params string[] texts)
    {
        var builder = new LexicalDocumentBuilder(id, DateTime.UnixEpoch, new Dictionary<string, string>());
        for (var i = 0; i < texts.Length; i++)
        {
            builder.AddChunk(Chunk(id, i, texts[i]), null);
        }

        return builder.Build();
    }

    private static ChunkRecord Chunk(Guid documentId, int ordinal, string text) =>
        new() { Id = Guid.NewGuid(), DocumentId = documentId, TenantId = "t", Ordinal = ordinal, Text = text, TokenCount = text.Length, ContentHash = "h" };
}
