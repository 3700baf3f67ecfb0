using System.Numerics.Tensors;
using TaskRunner.Retrieval.Embeddings;

namespace TaskRunner.Tests.Embeddings;

// The real built-in model: semantic quality, not only plumbing (OnnxEmbedderTests covers that on the tiny model).
public sealed class MiniLmEmbedderTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    private static readonly (string A, string B)[] Paraphrases =
    [
        ("How do plants turn sunlight into food?", "Photosynthesis lets green plants make sugar from light, water and carbon dioxide."),
        ("Why does an apple fall from a tree?", "Things drop to the ground because gravity pulls them down."),
        ("The kid is playing with a ball in the yard.", "A child plays ball in the garden."),
        ("What caused the First World War?", "The assassination of Archduke Franz Ferdinand triggered the outbreak of war in 1914."),
        ("A man is cutting vegetables in the kitchen.", "Someone is chopping carrots and onions for dinner."),
    ];

    private static readonly (string A, string B)[] Unrelated =
    [
        ("How do plants turn sunlight into food?", "The treaty ended the war between the two kingdoms."),
        ("Why does an apple fall from a tree?", "Shakespeare wrote sonnets about love and time."),
        ("The kid is playing with a ball in the yard.", "Sulfuric acid reacts with zinc to release hydrogen."),
        ("What caused the First World War?", "The derivative of x squared is two x."),
        ("A man is cutting vegetables in the kitchen.", "The Amazon river flows into the Atlantic Ocean."),
    ];

    [Fact]
    public async Task English_paraphrases_score_high_and_unrelated_pairs_low()
    {
        var paraphrase = await CosinesAsync(Paraphrases);
        var unrelated = await CosinesAsync(Unrelated);

        Assert.All(paraphrase, c => Assert.True(c > 0.45, $"paraphrase cosine {c:0.000}"));
        Assert.All(unrelated, c => Assert.True(c < 0.2, $"unrelated cosine {c:0.000}"));
        for (var i = 0; i < Paraphrases.Length; i++) Assert.True(paraphrase[i] > unrelated[i] + 0.3, $"pair {i}: {paraphrase[i]:0.000} vs {unrelated[i]:0.000}");
    }

    [Fact]
    public async Task Vectors_are_384_dimensional_unit_length_and_in_their_own_collection()
    {
        var result = await fixture.Embedder.EmbedAsync(["Water boils at one hundred degrees Celsius.", "水在一百摄氏度沸腾。"], CancellationToken.None);

        Assert.All(result, e => Assert.Equal(384, e.Vector.Length));
        Assert.All(result, e => Assert.Equal(1.0, TensorPrimitives.Norm(e.Vector), 4));
        Assert.Equal(new EmbeddingModelInfo("onnx", "all-MiniLM-L6-v2", 384, IsSemantic: true), fixture.Embedder.Model);
        Assert.Equal("chunks_onnx_all_minilm_l6_v2_384", fixture.Embedder.Model.CollectionName);
    }

    [Fact]
    public async Task A_batch_gives_the_same_vectors_as_texts_one_at_a_time()
    {
        string[] texts = [Paraphrases[0].A, Paraphrases[1].B, "短", Paraphrases[3].B];
        var batched = await fixture.Embedder.EmbedAsync(texts, CancellationToken.None);

        for (var i = 0; i < texts.Length; i++)
        {
            var single = await fixture.Embedder.EmbedAsync([texts[i]], CancellationToken.None);
            Assert.True(TensorPrimitives.CosineSimilarity(single[0].Vector, batched[i].Vector) > 0.9999f, texts[i]);
        }
    }

    private async Task<float[]> CosinesAsync((string A, string B)[] pairs)
    {
        var vectors = await fixture.Embedder.EmbedAsync(pairs.SelectMany(p => new[] { p.A, p.B }).ToList(), CancellationToken.None);
        return Enumerable.Range(0, pairs.Length).Select(i => TensorPrimitives.CosineSimilarity(vectors[2 * i].Vector, vectors[(2 * i) + 1].Vector)).ToArray();
    }
}
