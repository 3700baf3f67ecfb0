using Bogus;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Retrieval.VectorStore;

namespace TaskRunner.Tests.Embeddings;

public class HashingEmbedderTests
{
    private readonly HashingEmbedder _embedder = new();

    private float Similarity(string a, string b) => VectorMath.Dot(_embedder.Embed(a).Vector, _embedder.Embed(b).Vector);

    [Fact]
    public void Near_duplicate_chinese_chunk_ranks_above_an_unrelated_one()
    {
        const string chunk = "光合作用是绿色植物利用光能，把二氧化碳和水转化成储存能量的有机物，并释放出氧气的过程。";
        const string nearDuplicate = "光合作用是植物利用光能把二氧化碳和水转化为有机物并释放氧气的过程。";
        const string unrelated = "二次函数的图像是一条抛物线，开口方向由二次项系数决定。";

        Assert.True(Similarity(chunk, nearDuplicate) > Similarity(chunk, unrelated) + 0.3f);
    }

    [Fact]
    public void Near_duplicate_english_chunk_ranks_above_an_unrelated_one()
    {
        const string chunk = "Photosynthesis is the process by which green plants use sunlight to turn carbon dioxide and water into glucose.";
        const string nearDuplicate = "Photosynthesis is how green plants use sunlight to turn water and carbon dioxide into glucose.";
        const string unrelated = "The French Revolution began in 1789 and reshaped European politics for a century.";

        Assert.True(Similarity(chunk, nearDuplicate) > Similarity(chunk, unrelated) + 0.3f);
    }

    [Fact]
    public void Same_text_gives_the_same_vector_in_every_instance()
    {
        const string text = "Newton's second law: F = ma。牛顿第二定律";

        Assert.Equal(new HashingEmbedder().Embed(text).Vector, new HashingEmbedder().Embed(text).Vector);
    }

    [Fact]
    public void Known_text_hashes_to_pinned_buckets_so_stored_vectors_stay_valid_across_releases()
    {
        // Buckets and signs computed independently (FNV-1a 64 over UTF-8 of "c:学", "c:习", "c:学习", mod 512, sign = top bit).
        // If this fails the algorithm changed and HashingEmbedder.AlgorithmName must be bumped (new collection).
        var vector = new HashingEmbedder(dimension: 512).Embed("学习").Vector;
        var w = (float)(1 / Math.Sqrt(3));

        Assert.Equal([136, 309, 485], Enumerable.Range(0, 512).Where(i => vector[i] != 0f));
        Assert.Equal(w, vector[136], 5);
        Assert.Equal(-w, vector[309], 5);
        Assert.Equal(w, vector[485], 5);
    }

    [Fact]
    public async Task Random_mixed_text_always_gives_unit_vectors_without_nan()
    {
        var faker = new Faker("zh_CN") { Random = new Randomizer(42) };
        var texts = Enumerable.Range(0, 50).Select(_ => faker.Lorem.Sentence() + " " + faker.Name.FullName() + " " + faker.Random.Words(3)).ToList();

        var result = await _embedder.EmbedAsync(texts, CancellationToken.None);

        Assert.All(result, e =>
        {
            Assert.Equal(HashingEmbedder.DefaultDimension, e.Vector.Length);
            Assert.DoesNotContain(e.Vector, float.IsNaN);
            Assert.Equal(1.0, Math.Sqrt(e.Vector.Sum(v => (double)v * v)), 4);
        });
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ，。！")]
    public void Text_without_features_gives_a_zero_vector(string text)
    {
        var embedding = _embedder.Embed(text);

        Assert.All(embedding.Vector, v => Assert.Equal(0f, v));
        Assert.Equal(0, embedding.TokenCount);
    }

    [Fact]
    public void Model_is_lexical_and_named_by_algorithm_and_dimension()
    {
        Assert.False(_embedder.Model.IsSemantic);
        Assert.Equal("chunks_hashing_fnv1a_ngram_v1_512", _embedder.Model.CollectionName);
    }
}
