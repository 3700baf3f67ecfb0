using System.Text.Json.Nodes;
using TaskRunner.Retrieval.Rerank;

namespace TaskRunner.Tests.Retrieval;

public sealed class RerankAnswerTests
{
    [Fact]
    public void Jina_and_cohere_results_are_read_best_first()
    {
        var ranked = HttpReranker.Parse(JsonNode.Parse("""{"results":[{"index":2,"relevance_score":0.3},{"index":0,"relevance_score":0.9}]}"""), 3);

        Assert.Equal([(0, 0.9), (2, 0.3)], ranked!);
    }

    [Fact]
    public void A_tei_array_is_read_best_first()
    {
        var ranked = HttpReranker.Parse(JsonNode.Parse("""[{"index":1,"score":0.2},{"index":0,"score":0.7}]"""), 2);

        Assert.Equal([(0, 0.7), (1, 0.2)], ranked!);
    }

    [Theory]
    [InlineData("""{"results":[{"index":5,"relevance_score":0.3}]}""")]
    [InlineData("""{"data":[]}""")]
    [InlineData("""[{"score":0.1}]""")]
    public void Unknown_shapes_and_indexes_of_passages_not_sent_give_null(string body)
    {
        Assert.Null(HttpReranker.Parse(JsonNode.Parse(body), 3));
    }
}
