using Bogus;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Testing.Embeddings;

namespace TaskRunner.Tests.Embeddings;

// The tiny model proves plumbing (tokenisation, batching, padding, pooling, normalisation, shapes, thread safety),
// not semantic quality: expected vectors are computed by hand from the model's formula in TinyBert.
public sealed class OnnxEmbedderTests : IDisposable
{
    private static readonly string[] Texts = ["我爱学习数学。", "好", "数学是科学的语言，也是一种思维方式。", "学习"];
    private readonly BertTextEncoder _encoder = BertTextEncoder.Load(TestAssets.ChineseVocab, lowerCase: true);
    private readonly List<OnnxEmbedder> _created = [];

    private OnnxEmbedder Create(string pooling = "mean", bool normalize = true, int batchSize = 2, int maxTokens = 512,
        string? modelPath = null, int dimension = TinyBert.Hidden)
    {
        var embedder = new OnnxEmbedder(new EmbeddingsOptions
        {
            Provider = "onnx",
            ModelPath = modelPath ?? TestAssets.TinyBertModel,
            VocabPath = TestAssets.ChineseVocab,
            ModelName = "tiny-bert",
            Pooling = pooling,
            Normalize = normalize,
            BatchSize = batchSize,
            MaxTokens = maxTokens,
            Dimension = dimension,
            IntraOpThreads = 1,
        }, _encoder);
        _created.Add(embedder);
        return embedder;
    }

    [Fact]
    public async Task Cls_pooling_returns_the_first_state_normalised()
    {
        var result = await Create(pooling: "cls").EmbedAsync(Texts, CancellationToken.None);

        Assert.Equal(Texts.Length, result.Count);
        foreach (var (text, embedding) in Texts.Zip(result))
        {
            Assert.Equal(TinyBert.Hidden, embedding.Vector.Length);
            TinyBert.AssertClose(TinyBert.Cls(_encoder.Encode(text, 512).Ids, normalize: true), embedding.Vector);
        }
    }

    [Fact]
    public async Task Mean_pooling_ignores_padding_in_a_mixed_length_batch()
    {
        // One batch of a 3-token and a 20-token text: the short one is padded with 17 non-zero states the mask must hide.
        var result = await Create(pooling: "mean", normalize: false, batchSize: 8).EmbedAsync(Texts, CancellationToken.None);

        foreach (var (text, embedding) in Texts.Zip(result))
        {
            var ids = _encoder.Encode(text, 512).Ids;
            TinyBert.AssertClose(TinyBert.Mean(ids, normalize: false), embedding.Vector);
            Assert.Equal(ids.Length, embedding.TokenCount);
        }
    }

    [Fact]
    public async Task Normalised_vectors_have_unit_length()
    {
        var result = await Create(pooling: "mean", normalize: true).EmbedAsync(Texts, CancellationToken.None);

        Assert.All(result, e => Assert.Equal(1.0, Math.Sqrt(e.Vector.Sum(x => (double)x * x)), 5));
    }

    [Fact]
    public async Task Results_come_back_in_input_order_across_length_sorted_batches()
    {
        var faker = new Faker("zh_CN") { Random = new Randomizer(20240601) };
        var texts = Enumerable.Range(0, 23).Select(i => string.Concat(faker.Random.ArrayElements(Texts, faker.Random.Int(1, 3))) + i).ToList();

        var batched = await Create(batchSize: 4).EmbedAsync(texts, CancellationToken.None);

        Assert.Equal(texts.Count, batched.Count);
        for (var i = 0; i < texts.Count; i++) TinyBert.AssertClose(TinyBert.Mean(_encoder.Encode(texts[i], 512).Ids, normalize: true), batched[i].Vector);
    }

    [Fact]
    public async Task Concurrent_calls_give_the_same_vectors_as_sequential_calls()
    {
        var embedder = Create(batchSize: 3);
        var inputs = Enumerable.Range(0, 16).Select(i => Texts.Skip(i % Texts.Length).Append($"第{i}课").ToArray()).ToList();
        var sequential = new List<IReadOnlyList<Embedding>>();
        foreach (var input in inputs) sequential.Add(await embedder.EmbedAsync(input, CancellationToken.None));

        var concurrent = await Task.WhenAll(inputs.Select(input => Task.Run(() => embedder.EmbedAsync(input, CancellationToken.None))));

        for (var i = 0; i < inputs.Count; i++)
            Assert.Equal(sequential[i].Select(e => e.Vector), concurrent[i].Select(e => e.Vector));
    }

    [Fact]
    public async Task Text_longer_than_max_tokens_is_truncated_and_reported()
    {
        var result = await Create(maxTokens: 5).EmbedAsync(["我爱学习数学。", "好"], CancellationToken.None);

        Assert.True(result[0].Truncated);
        Assert.Equal(5, result[0].TokenCount);
        TinyBert.AssertClose(TinyBert.Mean([101, 2769, 4263, 2110, 102], normalize: true), result[0].Vector);
        Assert.False(result[1].Truncated);
    }

    [Fact]
    public async Task Model_without_token_type_input_is_fed_only_the_inputs_it_declares()
    {
        var result = await Create(modelPath: TestAssets.TinyBertWithoutTokenTypes).EmbedAsync(Texts, CancellationToken.None);

        TinyBert.AssertClose(TinyBert.Mean(_encoder.Encode(Texts[0], 512).Ids, normalize: true, withTokenTypes: false), result[0].Vector);
    }

    [Fact]
    public async Task Dimension_that_differs_from_the_model_output_names_the_setting()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Create(dimension: 384).EmbedAsync(Texts, CancellationToken.None));

        Assert.Contains("Embeddings:Dimension is 384", ex.Message);
        Assert.Contains("8-dimensional", ex.Message);
    }

    [Fact]
    public async Task Model_file_that_is_not_onnx_names_the_setting()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Create(modelPath: TestAssets.ChineseVocab).EmbedAsync(Texts, CancellationToken.None));

        Assert.Contains("Embeddings:ModelPath", ex.Message);
    }

    [Fact]
    public void Model_info_uses_the_configured_name_and_dimension()
    {
        var model = Create().Model;

        Assert.Equal(new EmbeddingModelInfo("onnx", "tiny-bert", 8, IsSemantic: true), model);
        Assert.Equal("chunks_onnx_tiny_bert_8", model.CollectionName);
    }

    public void Dispose()
    {
        foreach (var embedder in _created) embedder.Dispose();
    }
}
