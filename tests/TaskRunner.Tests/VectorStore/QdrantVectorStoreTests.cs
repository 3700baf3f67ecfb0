using Bogus;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Retrieval.VectorStore;
using TaskRunner.Retrieval.VectorStore.Qdrant;
using TaskRunner.Testing.Qdrant;
using Wire = TaskRunner.Testing.Qdrant.Grpc;

namespace TaskRunner.Tests.VectorStore;

// Runs the real adapter and the official Qdrant.Client against the in-process gRPC double built from Qdrant's protos.
public sealed class QdrantVectorStoreTests : IAsyncLifetime
{
    private static readonly EmbeddingModelInfo Model = new("hashing", "test", 4, false);
    private readonly Faker _faker = new("zh_CN") { Random = new Randomizer(1234) };
    private QdrantGrpcTestServer _server = null!;
    private QdrantConnection _connection = null!;
    private QdrantVectorStore _store = null!;

    public async Task InitializeAsync()
    {
        _server = await QdrantGrpcTestServer.StartAsync();
        var options = Options.Create(new QdrantOptions { Url = _server.Endpoint.ToString(), UpsertBatchSize = 3 });
        _connection = new QdrantConnection(options);
        _store = new QdrantVectorStore(_connection, options, NullLogger<QdrantVectorStore>.Instance);
    }

    public async Task DisposeAsync()
    {
        _connection.Dispose();
        await _server.DisposeAsync();
    }

    private List<VectorPoint> Points(string tenant, Guid document, int count) => Enumerable.Range(0, count)
        .Select(i => new VectorPoint(VectorPointId.For(document, i),
            Enumerable.Range(0, 4).Select(_ => _faker.Random.Float(-1, 1)).ToArray(),
            new VectorPayload(tenant, document, i, _faker.Random.Bool() ? _faker.Random.Int(1, 300) : null, _faker.Lorem.Word(), _faker.Random.Hash())))
        .ToList();

    private void AssertEveryPointCallIsTenantScoped() =>
        Assert.All(_server.Requests.Where(r => r.TouchesPoints), r => Assert.NotNull(r.TenantFilter));

    [Fact]
    public async Task Ensure_creates_a_cosine_collection_with_tenant_and_document_indexes_once()
    {
        await _store.EnsureCollectionAsync(Model, CancellationToken.None);
        await _store.EnsureCollectionAsync(Model, CancellationToken.None);

        Assert.Equal(4ul, _server.VectorSize(Model.CollectionName));
        Assert.Equal(new Dictionary<string, string> { ["tenant_id"] = "Keyword", ["document_id"] = "Uuid" }, _server.PayloadIndexes(Model.CollectionName));
        Assert.True(_server.IsTenantIndex(Model.CollectionName, "tenant_id"));
        var create = Assert.Single(_server.Requests.Select(r => r.Request).OfType<Wire.CreateCollection>());
        Assert.Equal(Wire.Distance.Cosine, create.VectorsConfig.Params.Distance);
        Assert.Equal(2, _server.Requests.Count(r => r.Name == "CreateFieldIndex")); // the second Ensure finds both indexes
    }

    [Fact]
    public async Task Upserts_are_batched_with_uuid_ids_and_replaying_them_does_not_duplicate_points()
    {
        await _store.EnsureCollectionAsync(Model, CancellationToken.None);
        var points = Points("tenant-a", Guid.NewGuid(), 7);

        await _store.UpsertAsync(Model, points, CancellationToken.None);
        await _store.UpsertAsync(Model, points, CancellationToken.None);

        Assert.Equal(7, _server.PointCount(Model.CollectionName));
        var upserts = _server.Requests.Select(r => r.Request).OfType<Wire.UpsertPoints>().ToList();
        Assert.Equal(6, upserts.Count);
        Assert.All(upserts, u => Assert.True(u.Wait));
        Assert.Equal(points.Select(p => p.Id.ToString("D")), upserts.Take(3).SelectMany(u => u.Points).Select(p => p.Id.Uuid));
    }

    [Fact]
    public async Task Search_always_filters_by_tenant_and_by_documents_when_given()
    {
        await _store.EnsureCollectionAsync(Model, CancellationToken.None);
        var doc1 = Guid.NewGuid();
        var doc2 = Guid.NewGuid();
        await _store.UpsertAsync(Model, [.. Points("tenant-a", doc1, 5), .. Points("tenant-a", doc2, 5), .. Points("tenant-b", Guid.NewGuid(), 5)], CancellationToken.None);
        var query = new[] { 0.5f, 0.5f, 0.5f, 0.5f };

        var all = await _store.SearchAsync(Model, new VectorQuery("tenant-a", query, null, 20), CancellationToken.None);
        var onlyDoc2 = await _store.SearchAsync(Model, new VectorQuery("tenant-a", query, [doc2], 3), CancellationToken.None);
        var otherTenant = await _store.SearchAsync(Model, new VectorQuery("tenant-b", query, [doc1], 3), CancellationToken.None);

        Assert.Equal(10, all.Count);
        Assert.All(all, h => Assert.Equal("tenant-a", h.Payload.TenantId));
        Assert.Equal(all.Select(h => h.Score).OrderDescending(), all.Select(h => h.Score));
        Assert.Equal(3, onlyDoc2.Count);
        Assert.All(onlyDoc2, h => Assert.Equal(doc2, h.Payload.DocumentId));
        Assert.All(onlyDoc2, h => Assert.Equal(VectorPointId.For(doc2, h.Payload.Ordinal), h.PointId));
        Assert.Empty(otherTenant);
        var queries = _server.Requests.Where(r => r.Name == "Query").ToList();
        Assert.Equal(["tenant-a", "tenant-a", "tenant-b"], queries.Select(q => q.TenantFilter));
        AssertEveryPointCallIsTenantScoped();
    }

    [Fact]
    public async Task A_search_for_tenant_b_never_returns_tenant_a_points_even_with_identical_vectors()
    {
        await _store.EnsureCollectionAsync(Model, CancellationToken.None);
        var docA = Guid.NewGuid();
        var docB = Guid.NewGuid();
        float[] vector = [1f, 0f, 0f, 0f];
        var a = Enumerable.Range(0, 20).Select(i => new VectorPoint(VectorPointId.For(docA, i), vector, new VectorPayload("tenant-a", docA, i, null, null, "a"))).ToList();
        var b = new VectorPoint(VectorPointId.For(docB, 0), [0f, 1f, 0f, 0f], new VectorPayload("tenant-b", docB, 0, null, null, "b"));
        await _store.UpsertAsync(Model, [.. a, b], CancellationToken.None);

        var hits = await _store.SearchAsync(Model, new VectorQuery("tenant-b", vector, null, 50), CancellationToken.None);
        var byDocument = await _store.SearchAsync(Model, new VectorQuery("tenant-b", vector, [docA], 50), CancellationToken.None);

        Assert.Equal(b.Id, Assert.Single(hits).PointId);
        Assert.Empty(byDocument);
        Assert.All(_server.Requests.Where(r => r.Name == "Query"), r => Assert.Equal("tenant-b", r.TenantFilter));
    }

    [Fact]
    public async Task Payload_round_trips_through_search_and_listing()
    {
        await _store.EnsureCollectionAsync(Model, CancellationToken.None);
        var doc = Guid.NewGuid();
        var point = new VectorPoint(VectorPointId.For(doc, 0), [1f, 0f, 0f, 0f], new VectorPayload("t", doc, 0, 12, "第一章 函数", "abc123"));
        var bare = new VectorPoint(VectorPointId.For(doc, 1), [0f, 1f, 0f, 0f], new VectorPayload("t", doc, 1, null, null, "def456"));
        await _store.UpsertAsync(Model, [point, bare], CancellationToken.None);

        var hit = (await _store.SearchAsync(Model, new VectorQuery("t", [1f, 0f, 0f, 0f], null, 5), CancellationToken.None))[0];
        var listed = await _store.ListPointsAsync(Model, "t", CancellationToken.None);

        Assert.Equal(point.Payload, hit.Payload);
        Assert.Equal(1f, hit.Score, 5);
        Assert.Equal(new[] { point, bare }.ToDictionary(p => p.Id, p => p.Payload), listed.ToDictionary(p => p.Id, p => p.Payload));
    }

    [Fact]
    public async Task Delete_by_document_and_listing_touch_only_the_tenants_document()
    {
        await _store.EnsureCollectionAsync(Model, CancellationToken.None);
        var doc = Guid.NewGuid();
        var otherDoc = Guid.NewGuid();
        var kept = Points("tenant-b", otherDoc, 4);
        await _store.UpsertAsync(Model, [.. Points("tenant-a", doc, 300), .. kept], CancellationToken.None);

        var listed = await _store.ListPointIdsAsync(Model, "tenant-a", doc, CancellationToken.None);
        await _store.DeleteDocumentAsync(Model, "tenant-a", doc, CancellationToken.None);
        await _store.DeleteDocumentAsync(Model, "tenant-a", otherDoc, CancellationToken.None); // another tenant's document: no effect

        Assert.Equal(Enumerable.Range(0, 300).Select(i => VectorPointId.For(doc, i)).Order(), listed.Order());
        Assert.True(_server.Requests.Count(r => r.Name == "Scroll") >= 2); // more than one scroll page
        Assert.Empty(await _store.ListPointIdsAsync(Model, "tenant-a", doc, CancellationToken.None));
        Assert.Empty(await _store.ListPointIdsAsync(Model, "tenant-a", otherDoc, CancellationToken.None));
        Assert.Equal(kept.Select(p => p.Id).Order(), (await _store.ListPointIdsAsync(Model, "tenant-b", otherDoc, CancellationToken.None)).Order());
        Assert.Equal(4, _server.PointCount(Model.CollectionName));
        AssertEveryPointCallIsTenantScoped();
    }

    [Fact]
    public async Task Delete_by_ids_removes_only_the_tenants_points()
    {
        await _store.EnsureCollectionAsync(Model, CancellationToken.None);
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        await _store.UpsertAsync(Model, [.. Points("a", a, 5), .. Points("b", b, 2)], CancellationToken.None);
        var victims = new[] { VectorPointId.For(a, 0), VectorPointId.For(a, 1), VectorPointId.For(a, 1), VectorPointId.For(b, 0), Guid.NewGuid() };

        await _store.DeletePointsAsync(Model, "a", victims, CancellationToken.None);

        Assert.Equal(Enumerable.Range(2, 3).Select(i => VectorPointId.For(a, i)).Order(), (await _store.ListPointIdsAsync(Model, "a", a, CancellationToken.None)).Order());
        Assert.Equal(2, (await _store.ListPointIdsAsync(Model, "b", b, CancellationToken.None)).Count);
        var deletes = _server.Requests.Select(r => r.Request).OfType<Wire.DeletePoints>().ToList();
        Assert.Equal(2, deletes.Count); // 4 distinct ids in batches of 3
        Assert.Equal(4, deletes.Sum(d => d.Points.Filter.Must.Single(c => c.HasId is not null).HasId.HasId.Count));
        AssertEveryPointCallIsTenantScoped();
    }
}
