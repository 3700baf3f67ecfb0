using System.Text.Json.Nodes;
using Bogus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Retrieval.VectorStore;
using TaskRunner.Retrieval.VectorStore.Qdrant;
using TaskRunner.Testing.Qdrant;

namespace TaskRunner.Tests.VectorStore;

// Runs the real client against a loopback server that validates every body against Qdrant's OpenAPI spec.
public sealed class QdrantVectorStoreTests : IAsyncLifetime
{
    private static readonly EmbeddingModelInfo Model = new("hashing", "test", 4, false);
    private readonly Faker _faker = new("zh_CN") { Random = new Randomizer(1234) };
    private QdrantTestServer _server = null!;
    private HttpClient _http = null!;
    private QdrantVectorStore _store = null!;

    public async Task InitializeAsync()
    {
        _server = await QdrantTestServer.StartAsync();
        _http = new HttpClient { BaseAddress = _server.BaseAddress };
        _store = new QdrantVectorStore(_http, Options.Create(new QdrantOptions { Url = _server.BaseAddress.ToString(), UpsertBatchSize = 3 }));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private List<VectorPoint> Points(string tenant, Guid document, int count) => Enumerable.Range(0, count)
        .Select(i => new VectorPoint(VectorPointId.For(document, i),
            Enumerable.Range(0, 4).Select(_ => _faker.Random.Float(-1, 1)).ToArray(),
            new VectorPayload(tenant, document, i, _faker.Random.Bool() ? _faker.Random.Int(1, 300) : null, _faker.Lorem.Word(), _faker.Random.Hash())))
        .ToList();

    private void AssertEveryExchangeMatchedTheSpec() => Assert.All(_server.Requests, r =>
    {
        Assert.Empty(r.RequestErrors);
        Assert.Empty(r.ResponseErrors);
    });

    [Fact]
    public async Task Ensure_creates_a_cosine_collection_with_tenant_and_document_indexes_once()
    {
        await _store.EnsureCollectionAsync(Model, CancellationToken.None);
        await _store.EnsureCollectionAsync(Model, CancellationToken.None);

        Assert.True(_server.HasCollection(Model.CollectionName));
        Assert.Equal(new Dictionary<string, string> { ["tenant_id"] = "keyword", ["document_id"] = "uuid" }, _server.PayloadIndexes(Model.CollectionName));
        Assert.Single(_server.Requests, r => r.Method == "PUT" && r.Path == $"/collections/{Model.CollectionName}");
        var create = JsonNode.Parse(_server.Requests.First(r => r.Method == "PUT").Body)!;
        Assert.Equal("Cosine", create["vectors"]!["distance"]!.GetValue<string>());
        AssertEveryExchangeMatchedTheSpec();
    }

    [Fact]
    public async Task Upserts_are_batched_and_replaying_them_does_not_duplicate_points()
    {
        await _store.EnsureCollectionAsync(Model, CancellationToken.None);
        var points = Points("tenant-a", Guid.NewGuid(), 7);

        await _store.UpsertAsync(Model, points, CancellationToken.None);
        await _store.UpsertAsync(Model, points, CancellationToken.None);

        Assert.Equal(7, _server.PointCount(Model.CollectionName));
        var upserts = _server.Requests.Where(r => r.Path.EndsWith("/points", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, upserts.Count);
        Assert.All(upserts, r => Assert.Equal("?wait=true", r.Query));
        AssertEveryExchangeMatchedTheSpec();
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

        var queries = _server.Requests.Where(r => r.Path.EndsWith("/points/query", StringComparison.Ordinal)).ToList();
        Assert.All(queries, r => Assert.Contains(JsonNode.Parse(r.Body)!["filter"]!["must"]!.AsArray(),
            c => c!["key"]!.GetValue<string>() == "tenant_id" && c["match"]!["value"]!.GetValue<string>().StartsWith("tenant-", StringComparison.Ordinal)));
        AssertEveryExchangeMatchedTheSpec();
    }

    [Fact]
    public async Task Payload_round_trips_through_search()
    {
        await _store.EnsureCollectionAsync(Model, CancellationToken.None);
        var doc = Guid.NewGuid();
        var point = new VectorPoint(VectorPointId.For(doc, 0), [1f, 0f, 0f, 0f], new VectorPayload("t", doc, 0, 12, "第一章 函数", "abc123"));
        await _store.UpsertAsync(Model, [point], CancellationToken.None);

        var hit = Assert.Single(await _store.SearchAsync(Model, new VectorQuery("t", [1f, 0f, 0f, 0f], null, 5), CancellationToken.None));

        Assert.Equal(point.Payload, hit.Payload);
        Assert.Equal(1f, hit.Score, 5);
    }

    [Fact]
    public async Task Delete_and_listing_touch_only_the_tenants_document()
    {
        await _store.EnsureCollectionAsync(Model, CancellationToken.None);
        var doc = Guid.NewGuid();
        var otherDoc = Guid.NewGuid();
        var kept = Points("tenant-b", otherDoc, 4);
        await _store.UpsertAsync(Model, [.. Points("tenant-a", doc, 300), .. kept], CancellationToken.None);

        var listed = await _store.ListPointIdsAsync(Model, "tenant-a", doc, CancellationToken.None);
        await _store.DeleteDocumentAsync(Model, "tenant-a", doc, CancellationToken.None);
        await _store.DeleteDocumentAsync(Model, "tenant-a", otherDoc, CancellationToken.None); // another tenant's document: no effect

        Assert.Equal(Enumerable.Range(0, 300).Select(i => VectorPointId.For(doc, i)).Order(), listed.Order()); // more than one scroll page
        Assert.Empty(await _store.ListPointIdsAsync(Model, "tenant-a", doc, CancellationToken.None));
        Assert.Empty(await _store.ListPointIdsAsync(Model, "tenant-a", otherDoc, CancellationToken.None));
        Assert.Equal(kept.Select(p => p.Id).Order(), (await _store.ListPointIdsAsync(Model, "tenant-b", otherDoc, CancellationToken.None)).Order());
        Assert.Equal(4, _server.PointCount(Model.CollectionName));
        AssertEveryExchangeMatchedTheSpec();
    }

    [Fact]
    public async Task Test_server_rejects_a_body_that_breaks_the_spec_with_qdrants_400()
    {
        await _store.EnsureCollectionAsync(Model, CancellationToken.None);
        using var body = new StringContent("""{"points":[{"id":"not-a-uuid","vector":[1,0,0,0]}]}""", System.Text.Encoding.UTF8, "application/json");

        using var response = await _http.PutAsync(new Uri($"collections/{Model.CollectionName}/points?wait=true", UriKind.Relative), body);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("Format error in JSON body", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, _server.PointCount(Model.CollectionName));
    }

    [Fact]
    public async Task Missing_collection_is_a_permanent_error_carrying_qdrants_message()
    {
        var ex = await Assert.ThrowsAsync<VectorStoreException>(() =>
            _store.SearchAsync(Model, new VectorQuery("t", [1f, 0f, 0f, 0f], null, 5), CancellationToken.None));

        Assert.False(ex.IsTransient);
        Assert.Equal(404, ex.StatusCode);
        Assert.Contains("doesn't exist", ex.Message);
        Assert.Contains("permanent", ex.Message);
    }

    [Fact]
    public async Task Server_errors_are_transient()
    {
        await _store.EnsureCollectionAsync(Model, CancellationToken.None);
        _server.FailNext(503, "Service Unavailable: too many requests in the queue");

        var ex = await Assert.ThrowsAsync<VectorStoreException>(() => _store.UpsertAsync(Model, Points("t", Guid.NewGuid(), 1), CancellationToken.None));

        Assert.True(ex.IsTransient);
        Assert.Equal(503, ex.StatusCode);
        Assert.Contains("too many requests in the queue", ex.Message);
    }

    [Fact]
    public async Task Query_vector_of_the_wrong_size_is_a_permanent_error()
    {
        await _store.EnsureCollectionAsync(Model, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<VectorStoreException>(() =>
            _store.SearchAsync(Model, new VectorQuery("t", [1f, 0f], null, 5), CancellationToken.None));

        Assert.False(ex.IsTransient);
        Assert.Equal(400, ex.StatusCode);
        Assert.Contains("Vector dimension error", ex.Message);
    }

    [Fact]
    public async Task Unreachable_server_is_transient()
    {
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:1/") };
        var store = new QdrantVectorStore(http, Options.Create(new QdrantOptions()));

        var ex = await Assert.ThrowsAsync<VectorStoreException>(() => store.EnsureCollectionAsync(Model, CancellationToken.None));

        Assert.True(ex.IsTransient);
        Assert.Null(ex.StatusCode);
    }

    [Fact]
    public async Task Registration_configures_base_address_and_api_key_header()
    {
        await using var secured = await QdrantTestServer.StartAsync(apiKey: "s3cret");
        var services = new ServiceCollection();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Qdrant:Url"] = secured.BaseAddress.ToString().TrimEnd('/'),
            ["Qdrant:ApiKey"] = "s3cret",
        }).Build();

        Assert.True(services.AddQdrantVectorStore(config));
        await using var sp = services.BuildServiceProvider();
        await sp.GetRequiredService<IVectorStore>().EnsureCollectionAsync(Model, CancellationToken.None);

        Assert.All(secured.Requests, r => Assert.Equal("s3cret", r.ApiKey));
        Assert.True(secured.HasCollection(Model.CollectionName));
    }

    [Fact]
    public void Registration_is_skipped_without_a_url_so_the_caller_can_register_its_fallback()
    {
        var services = new ServiceCollection();

        Assert.False(services.AddQdrantVectorStore(new ConfigurationBuilder().Build()));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IVectorStore));
    }
}
