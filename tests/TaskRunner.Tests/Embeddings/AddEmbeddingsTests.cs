using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaskRunner.Ingestion.Chunking;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Testing.Embeddings;

namespace TaskRunner.Tests.Embeddings;

public class AddEmbeddingsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddEmbeddings(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();

    [Fact]
    public void Default_configuration_registers_the_built_in_minilm_and_its_token_counter()
    {
        using var sp = Build([]);

        var provider = sp.GetRequiredService<IEmbeddingProvider>();
        Assert.IsType<OnnxEmbedder>(provider);
        Assert.Equal(new EmbeddingModelInfo("onnx", "all-MiniLM-L6-v2", 384, IsSemantic: true), provider.Model);
        Assert.IsType<BertTokenCounter>(sp.GetRequiredService<ITokenCounter>());
        var options = sp.GetRequiredService<IOptions<EmbeddingsOptions>>().Value;
        Assert.Equal(("mean", 256), (options.Pooling, options.MaxTokens));
    }

    [Fact]
    public void Hashing_configuration_registers_the_hashing_embedder_and_no_token_counter()
    {
        using var sp = Build(new() { ["Embeddings:Provider"] = "hashing" });

        Assert.IsType<HashingEmbedder>(sp.GetRequiredService<IEmbeddingProvider>());
        Assert.Equal(512, sp.GetRequiredService<IEmbeddingProvider>().Model.Dimension);
        Assert.Null(sp.GetService<ITokenCounter>());
    }

    [Fact]
    public void With_the_built_in_model_chunks_are_capped_to_what_the_model_reads()
    {
        using var sp = new ServiceCollection().AddChunking(new ConfigurationBuilder().Build())
            .AddEmbeddings(new ConfigurationBuilder().Build()).BuildServiceProvider();

        var chunking = sp.GetRequiredService<IOptions<ChunkingOptions>>().Value;

        Assert.Equal(254, chunking.MaxTokens);
        Assert.True(chunking.OverlapTokens < chunking.MaxTokens);
    }

    [Fact]
    public void Onnx_configuration_registers_a_lazy_onnx_embedder_and_the_bert_token_counter()
    {
        using var sp = Build(new()
        {
            ["Embeddings:Provider"] = "onnx",
            ["Embeddings:ModelPath"] = TestAssets.TinyBertModel,
            ["Embeddings:VocabPath"] = TestAssets.ChineseVocab,
            ["Embeddings:Dimension"] = "8",
        });

        var provider = sp.GetRequiredService<IEmbeddingProvider>();

        Assert.IsType<OnnxEmbedder>(provider);
        Assert.Same(provider, sp.GetRequiredService<IEmbeddingProvider>());
        Assert.IsType<BertTokenCounter>(sp.GetRequiredService<ITokenCounter>());
    }

    [Theory]
    [InlineData("onnx", null, "Embeddings:Dimension is 512 but the built-in all-MiniLM-L6-v2 outputs 384-dimensional vectors")]
    [InlineData("onnx", "/missing/model.onnx", "Embeddings:ModelPath '/missing/model.onnx' does not exist")]
    [InlineData("openai", null, "Embeddings:ModelName is required when Embeddings:Provider is openai")]
    [InlineData("sbert", null, "Embeddings:Provider must be hashing, onnx or openai")]
    public void Invalid_settings_fail_with_a_message_naming_the_setting(string provider, string? modelPath, string expected)
    {
        using var sp = Build(new() { ["Embeddings:Provider"] = provider, ["Embeddings:ModelPath"] = modelPath, ["Embeddings:Dimension"] = "512" });

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<EmbeddingsOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Collection_name_is_sanitised_and_changes_with_the_model()
    {
        var bge = new EmbeddingModelInfo("onnx", "BAAI/bge-small-zh-v1.5", 512, true);
        var minilm = new EmbeddingModelInfo("onnx", "all-MiniLM-L6-v2", 384, true);

        Assert.Equal("chunks_onnx_baai_bge_small_zh_v1_5_512", bge.CollectionName);
        Assert.NotEqual(bge.CollectionName, minilm.CollectionName);
    }
}
