using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Retrieval.VectorStore;
using TaskRunner.Retrieval.VectorStore.Qdrant;
using TaskRunner.Testing.Qdrant;

namespace TaskRunner.IntegrationTests.Search;

/// <summary>The Qdrant side of reconciliation (list a tenant's points, delete points by id) against the gRPC Qdrant double.</summary>
public sealed class QdrantReconciliationCallsTests : IAsyncLifetime
{
    private static readonly EmbeddingModelInfo Model = new("hashing", "reconcile", 3, false);
    private QdrantGrpcTestServer server = null!;
    private QdrantConnection connection = null!;
    private QdrantVectorStore store = null!;

    public async Task InitializeAsync()
    {
        server = await QdrantGrpcTestServer.StartAsync(apiKey: "reconcile-key");
        var options = Options.Create(new QdrantOptions { Url = server.Endpoint.ToString(), ApiKey = "reconcile-key", UpsertBatchSize = 4 });
        connection = new QdrantConnection(options);
        store = new QdrantVectorStore(connection, options, NullLogger<QdrantVectorStore>.Instance);
    }

    public async Task DisposeAsync()
    {
        connection.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Listing_and_deleting_points_stay_within_the_tenant()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        await store.EnsureCollectionAsync(Model, CancellationToken.None);
        await store.UpsertAsync(Model, Points("a", a, 300), CancellationToken.None);
        await store.UpsertAsync(Model, Points("b", b, 3), CancellationToken.None);

        var listed = await store.ListPointsAsync(Model, "a", CancellationToken.None);
        Assert.Equal(300, listed.Count);
        Assert.All(listed, p => Assert.Equal(a, p.Payload.DocumentId));
        Assert.Equal(Enumerable.Range(0, 300), listed.Select(p => p.Payload.Ordinal).Order());

        var victims = Enumerable.Range(0, 10).Select(i => VectorPointId.For(a, i)).Append(VectorPointId.For(b, 0)).ToList();
        await store.DeletePointsAsync(Model, "a", victims, CancellationToken.None);

        Assert.Equal(290, (await store.ListPointsAsync(Model, "a", CancellationToken.None)).Count);
        Assert.Equal(3, (await store.ListPointsAsync(Model, "b", CancellationToken.None)).Count);
        Assert.All(server.Requests.Where(r => r.TouchesPoints), r => Assert.NotNull(r.TenantFilter));
        Assert.All(server.Requests, r => Assert.Equal("reconcile-key", r.ApiKey));
    }

    private static List<VectorPoint> Points(string tenant, Guid document, int count) => Enumerable.Range(0, count)
        .Select(i => new VectorPoint(VectorPointId.For(document, i), [1f, i, -i], new VectorPayload(tenant, document, i, null, null, $"h{i}")))
        .ToList();
}
