using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Retrieval.VectorStore;
using TaskRunner.Retrieval.VectorStore.Qdrant;
using TaskRunner.Testing.Qdrant;

namespace TaskRunner.Tests.VectorStore;

public sealed class QdrantRegistrationTests
{
    private static readonly EmbeddingModelInfo Model = new("hashing", "registration", 4, false);

    private static ServiceProvider Build(string url, string? apiKey)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Qdrant:Url"] = url,
            ["Qdrant:ApiKey"] = apiKey,
            ["Qdrant:MaxRetries"] = "0",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        Assert.True(services.AddQdrantVectorStore(config));
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Registration_sends_the_api_key_as_metadata_on_every_call()
    {
        await using var secured = await QdrantGrpcTestServer.StartAsync(apiKey: "s3cret");
        await using var sp = Build(secured.Endpoint.ToString(), "s3cret");
        var store = sp.GetRequiredService<IVectorStore>();

        await store.EnsureCollectionAsync(Model, CancellationToken.None);
        await store.SearchAsync(Model, new VectorQuery("t", [1f, 0f, 0f, 0f], null, 3), CancellationToken.None);

        Assert.True(secured.HasCollection(Model.CollectionName));
        Assert.True(secured.Requests.Count >= 4);
        Assert.All(secured.Requests, r => Assert.Equal("s3cret", r.ApiKey));
    }

    [Fact]
    public async Task A_wrong_api_key_is_a_permanent_error()
    {
        await using var secured = await QdrantGrpcTestServer.StartAsync(apiKey: "s3cret");
        await using var sp = Build(secured.Endpoint.ToString(), "wrong");

        var ex = await Assert.ThrowsAsync<VectorStoreException>(() => sp.GetRequiredService<IVectorStore>().EnsureCollectionAsync(Model, CancellationToken.None));

        Assert.False(ex.IsTransient);
        Assert.Equal((int)StatusCode.PermissionDenied, ex.StatusCode);
        Assert.False(secured.HasCollection(Model.CollectionName));
    }

    [Fact]
    public void Registration_is_skipped_without_a_url_so_the_caller_can_register_its_fallback()
    {
        var services = new ServiceCollection();

        Assert.False(services.AddQdrantVectorStore(new ConfigurationBuilder().Build()));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IVectorStore));
    }

    [Theory]
    [InlineData("http://qdrant", false, "http://qdrant:6334/")]
    [InlineData("http://qdrant:7000", false, "http://qdrant:7000/")]
    [InlineData("http://qdrant:80", false, "http://qdrant:80/")]
    [InlineData("https://cluster.cloud.qdrant.io", false, "https://cluster.cloud.qdrant.io:6334/")]
    [InlineData("http://qdrant:6334", true, "https://qdrant:6334/")]
    public void Endpoint_is_the_grpc_port_unless_named_and_tls_follows_the_scheme_or_the_flag(string url, bool useTls, string expected)
    {
        Assert.Equal(new Uri(expected), new QdrantOptions { Url = url, UseTls = useTls }.Endpoint());
    }
}
