using TaskRunner.Retrieval.Graph;

namespace TaskRunner.Tests.Retrieval;

public sealed class KnowledgeGraphBuilderTests
{
    [Fact]
    public void Terms_of_one_chunk_are_linked_both_ways_and_stop_words_are_not_nodes()
    {
        var graph = KnowledgeGraphBuilder.Build([(0, "Photosynthesis takes place inside the chloroplasts.", null)]);

        var terms = graph.Nodes.Select(n => n.Term).ToList();
        Assert.Contains("photosynthesis", terms);
        Assert.Contains("chloroplasts", terms);
        Assert.DoesNotContain("the", terms);
        Assert.Contains(graph.Edges, e => e is { Source: "photosynthesis", Target: "chloroplasts", Weight: 1 });
        Assert.Contains(graph.Edges, e => e is { Source: "chloroplasts", Target: "photosynthesis", Weight: 1 });
        Assert.DoesNotContain(graph.Edges, e => e.Source == e.Target);
    }

    [Fact]
    public void Neighbouring_chunks_of_one_section_are_linked_and_other_sections_are_not()
    {
        var graph = KnowledgeGraphBuilder.Build([
            (0, "Photosynthesis needs sunlight.", "Plants"),
            (1, "Chlorophyll absorbs light.", "Plants"),
            (2, "Volcanoes erupt magma.", "Geology"),
        ]);

        Assert.Contains(graph.Edges, e => e.Source == "photosynthesis" && e.Target == "chlorophyll" && e.Weight == KnowledgeGraphBuilder.AdjacencyWeight);
        Assert.DoesNotContain(graph.Edges, e => e.Source == "chlorophyll" && e.Target == "volcanoes");
    }

    [Fact]
    public void Chinese_chunks_give_bigram_terms_and_named_entities_are_one_term()
    {
        var graph = KnowledgeGraphBuilder.Build([
            (0, "叶绿体吸收光能。", null),
            (1, "Marie Curie studied radium.", null),
        ]);

        Assert.Contains(graph.Nodes, n => n is { Ordinal: 0, Term: "叶绿" });
        Assert.Contains(graph.Nodes, n => n is { Ordinal: 1, Term: "marie curie" });
        Assert.Contains(graph.Edges, e => e is { Source: "marie curie", Target: "radium" });
    }

    [Fact]
    public void A_chunk_keeps_at_most_its_most_characteristic_terms()
    {
        var words = string.Join(' ', Enumerable.Range(0, 30).Select(i => $"term{i:00}x"));
        var graph = KnowledgeGraphBuilder.Build([(0, words + " common", null), (1, "common words", null)]);

        Assert.Equal(KnowledgeGraphBuilder.TermsPerChunk, graph.Nodes.Count(n => n.Ordinal == 0));
        Assert.DoesNotContain(graph.Nodes, n => n is { Ordinal: 0, Term: "common" });
    }
}
