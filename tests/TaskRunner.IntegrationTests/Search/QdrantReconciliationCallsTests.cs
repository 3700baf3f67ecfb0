using Microsoft.Extensions.Options;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Retrieval.VectorStore;
using TaskRunner.Retrieval.VectorStore.Qdrant;
using TaskRunner.Testing.Qdrant;

namespace TaskRunner.IntegrationTests.Search;

/// <summary>The Qdrant side of reconciliation (list a tenant's points, delete points by id) against the spec-validating test server.</summary>
public sealed class QdrantReconciliationCallsTests : IAsyncLifetime
{
    private static readonly EmbeddingModelInfo Model = new("hashing", "reconcile", 3, false);
    private QdrantTestServer server = null!;
    private HttpClient http = null!;
    private QdrantVectorStore store = null!;

    public async Task InitializeAsync()
    {
        server = await QdrantTestServer.StartAsync();
        http = new HttpClient { BaseAddress = server.BaseAddress };
        store = new QdrantVectorStore(http, Options.Create(new QdrantOptions { Url = server.BaseAddress.ToString(), UpsertBatchSize = 4 }));
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Listing_and_deleting_points_stay_within_the_tenant_and_match_the_spec()
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
        Assert.All(server.Requests, r =>
        {
            Assert.Empty(r.RequestErrors);
            Assert.Empty(r.ResponseErrors);
        });
    }

    private static List<VectorPoint> Points(string tenant, Guid document, int count) => Enumerable.Range(0, count)
        .Select(i => new VectorPoint(VectorPointId.For(document, i), [1f, i, -i], new VectorPayload(tenant, document, i, null, null, $"h{i}")))
        .ToList();
}
