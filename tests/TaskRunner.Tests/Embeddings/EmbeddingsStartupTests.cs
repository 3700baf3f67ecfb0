using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Testing.Embeddings;

namespace TaskRunner.Tests.Embeddings;

// A process with a bad model, vocabulary or dimension must refuse to start, with a message naming the setting.
public sealed class EmbeddingsStartupTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("taskrunner-embeddings-").FullName;

    private static async Task<Exception> StartFailureAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddEmbeddings(builder.Configuration);
        using var host = builder.Build();
        return await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
    }

    [Fact]
    public async Task A_model_file_that_is_not_onnx_stops_the_start_naming_Embeddings_ModelPath()
    {
        var notOnnx = Path.Combine(_folder, "model.onnx");
        await File.WriteAllTextAsync(notOnnx, "this is not a model");

        var ex = await StartFailureAsync(new() { ["Embeddings:ModelPath"] = notOnnx, ["Embeddings:VocabPath"] = TestAssets.EnglishVocab });

        Assert.IsType<InvalidOperationException>(ex);
        Assert.Contains($"Embeddings:ModelPath '{notOnnx}' could not be loaded as an ONNX model", ex.Message);
    }

    [Fact]
    public async Task A_dimension_the_model_does_not_output_stops_the_start_naming_Embeddings_Dimension()
    {
        var ex = await StartFailureAsync(new()
        {
            ["Embeddings:ModelPath"] = TestAssets.TinyBertModel, ["Embeddings:VocabPath"] = TestAssets.ChineseVocab, ["Embeddings:Dimension"] = "384",
        });

        Assert.Contains("Embeddings:Dimension is 384", ex.Message);
        Assert.Contains("8-dimensional", ex.Message);
    }

    [Fact]
    public async Task A_dimension_other_than_384_for_the_built_in_model_fails_validation()
    {
        var ex = await StartFailureAsync(new() { ["Embeddings:Dimension"] = "768" });

        var failure = Assert.IsType<OptionsValidationException>(ex);
        Assert.Contains(failure.Failures, f => f.StartsWith("Embeddings:Dimension is 768 but the built-in all-MiniLM-L6-v2 outputs 384", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_vocabulary_with_ids_beyond_the_model_stops_the_start_naming_Embeddings_VocabPath()
    {
        // MiniLM's matrix has 30,522 rows; a vocab.txt with 100 more tokens produces ids the model cannot look up.
        var model = Path.Combine(_folder, "minilm.onnx");
        await File.WriteAllBytesAsync(model, await BuiltInEmbeddingModel.ReadModelAsync(CancellationToken.None));
        var vocab = Path.Combine(_folder, "vocab.txt");
        var lines = (await File.ReadAllLinesAsync(TestAssets.EnglishVocab)).Concat(Enumerable.Range(0, 100).Select(i => $"extra{i}"));
        await File.WriteAllLinesAsync(vocab, lines);

        var ex = await StartFailureAsync(new()
        {
            ["Embeddings:ModelPath"] = model, ["Embeddings:VocabPath"] = vocab, ["Embeddings:Dimension"] = "384", ["Embeddings:Pooling"] = "mean",
        });

        Assert.IsType<InvalidOperationException>(ex);
        Assert.Contains($"Embeddings:VocabPath '{vocab}' does not match Embeddings:ModelPath '{model}'", ex.Message);
        Assert.Contains("30621", ex.Message);
    }

    [Fact]
    public async Task The_built_in_model_with_its_own_settings_starts()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddEmbeddings(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync();

        var embedded = await host.Services.GetRequiredService<IEmbeddingProvider>().EmbedAsync(["ready"], CancellationToken.None);
        Assert.Equal(384, embedded[0].Vector.Length);
        await host.StopAsync();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
