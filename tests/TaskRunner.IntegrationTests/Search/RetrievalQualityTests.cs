using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Testing.Retrieval;

namespace TaskRunner.IntegrationTests.Search;

/// <summary>
/// The fast check of bench scenario 8: the labelled evaluation set through the real keyword SQL, the embedded vector
/// store and the HybridRetriever, with the hashing embedder and the built-in MiniLM. No speed is asserted.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class RetrievalQualityTests(PlatformFixture platform)
{
    [Fact]
    public async Task MiniLM_beats_hashing_on_English_paraphrases_and_the_default_hybrid_loses_nothing_to_keyword_search()
    {
        await using var dataSource = NpgsqlDataSource.Create(platform.ConnectionString);
        using var minilm = new OnnxEmbedder(new EmbeddingsOptions { IntraOpThreads = 1 }, BertTextEncoder.LoadBuiltIn(lowerCase: true));
        var rows = await new RetrievalEvaluator(dataSource).RunAsync(RetrievalEvalSet.Load(), [("hashing", new HashingEmbedder()), ("MiniLM", minilm)], CancellationToken.None);
        double Mrr(string method, string language, string kind = "all") =>
            rows.Single(r => r.Method == method && r.Language == language && r.Kind == kind).Mrr;

        Assert.True(Mrr("vector (MiniLM)", "en", "paraphrase") > Mrr("vector (hashing)", "en", "paraphrase") + 0.2,
            $"MiniLM {Mrr("vector (MiniLM)", "en", "paraphrase")} vs hashing {Mrr("vector (hashing)", "en", "paraphrase")} on English paraphrases");
        foreach (var language in new[] { "en", "zh" })
        {
            Assert.True(Mrr("hybrid (MiniLM)", language) >= Mrr("keyword", language), $"{language}: hybrid {Mrr("hybrid (MiniLM)", language)} vs keyword {Mrr("keyword", language)}");
            Assert.Equal(1.0, Mrr("hybrid (MiniLM)", language, "lexical"), 3);
            // The default configuration (built-in MiniLM, relative fusion) is the best or within 0.02 MRR of it.
            var best = rows.Where(r => r.Language == language && r.Kind == "all").Max(r => r.Mrr);
            Assert.True(best - Mrr("hybrid (MiniLM)", language) <= 0.02, $"{language}: default {Mrr("hybrid (MiniLM)", language)} vs best {best}");
        }
    }
}
