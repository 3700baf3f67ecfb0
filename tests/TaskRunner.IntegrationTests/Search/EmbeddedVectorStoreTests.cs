using Bogus;
using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Retrieval.VectorStore;
using TaskRunner.Retrieval.VectorStore.Postgres;

namespace TaskRunner.IntegrationTests.Search;

/// <summary>
/// The embedded store's in-memory cache against the real Postgres: two store instances stand for two processes
/// (Api and Worker); what one writes or deletes, the other's next search sees, and results equal an exact scan.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class EmbeddedVectorStoreTests(PlatformFixture platform) : IAsyncLifetime
{
    private const int Dimension = 24;
    private readonly EmbeddingModelInfo model = new("test", $"cache-{Guid.NewGuid():N}", Dimension, false);
    private readonly Faker faker = new("en") { Random = new Randomizer(4242) };
    private NpgsqlDataSource dataSource = null!;
    private PostgresVectorStore searcher = null!;
    private PostgresVectorStore writer = null!;

    public Task InitializeAsync()
    {
        dataSource = NpgsqlDataSource.Create(platform.ConnectionString);
        // Every search reads the changes (interval 0), and slabs of 7 vectors make every test cross slab boundaries.
        var strict = new EmbeddedVectorStoreOptions { RefreshIntervalMs = 0, RowsPerSlab = 7 };
        searcher = new PostgresVectorStore(dataSource, strict, TimeProvider.System, NullLogger.Instance);
        writer = new PostgresVectorStore(dataSource);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        searcher.Dispose();
        writer.Dispose();
        await dataSource.DisposeAsync();
    }

    [Fact]
    public async Task Cached_search_equals_an_exact_scan_as_points_are_added_changed_and_deleted_by_another_process()
    {
        var documents = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();
        foreach (var document in documents.Take(2))
        {
            await writer.UpsertAsync(model, Points("t1", document, 40), CancellationToken.None);
        }

        await AssertMatchesScanAsync("t1", null);

        foreach (var document in documents.Skip(2))
        {
            await writer.UpsertAsync(model, Points("t1", document, 25), CancellationToken.None);
        }

        await AssertMatchesScanAsync("t1", null);
        await AssertMatchesScanAsync("t1", [documents[1], documents[3]]);

        await writer.UpsertAsync(model, Points("t1", documents[0], 10), CancellationToken.None); // replaces ordinals 0..9 with new vectors
        await writer.DeleteDocumentAsync(model, "t1", documents[2], CancellationToken.None);
        await writer.DeletePointsAsync(model, "t1", [VectorPointId.For(documents[3], 0), VectorPointId.For(documents[3], 1)], CancellationToken.None);
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            // Writes made with plain SQL (another tool, a migration) are tracked too.
            await connection.ExecuteAsync("delete from chunk_vectors where collection = @c and document_id = @d and ordinal >= 30",
                new { c = model.CollectionName, d = documents[1] });
        }

        var hits = await AssertMatchesScanAsync("t1", null, limit: 200);
        Assert.DoesNotContain(hits, h => h.Payload.DocumentId == documents[2]);
        Assert.DoesNotContain(hits, h => h.Payload.DocumentId == documents[3] && h.Payload.Ordinal < 2);
        Assert.DoesNotContain(hits, h => h.Payload.DocumentId == documents[1] && h.Payload.Ordinal >= 30);
        Assert.Equal(40 + 30 + 23, hits.Count);

        // Deleted and written again (re-ingestion): the point is back.
        await writer.UpsertAsync(model, Points("t1", documents[2], 5), CancellationToken.None);
        hits = await AssertMatchesScanAsync("t1", [documents[2]], limit: 50);
        Assert.Equal(5, hits.Count);
    }

    [Fact]
    public async Task Rows_of_a_transaction_still_open_at_a_refresh_are_seen_once_it_commits_even_after_later_ones_committed()
    {
        var document = Guid.NewGuid();
        await writer.UpsertAsync(model, Points("t-open", document, 3), CancellationToken.None);
        await AssertMatchesScanAsync("t-open", null);

        // A slow writer: its transaction takes an id now and commits only after later writers and a refresh.
        await using var slow = await dataSource.OpenConnectionAsync();
        await using var open = await slow.BeginTransactionAsync();
        var late = Points("t-open", document, 5).Skip(3).ToList();
        foreach (var point in late)
        {
            await slow.ExecuteAsync("""
                insert into chunk_vectors (collection, point_id, tenant_id, document_id, ordinal, text_hash, vector)
                values (@collection, @id, 't-open', @document, @ordinal, 'h', @vector)
                """, new { collection = model.CollectionName, id = point.Id, document, ordinal = point.Payload.Ordinal, vector = point.Vector }, open);
        }

        await writer.UpsertAsync(model, Points("t-other", Guid.NewGuid(), 2), CancellationToken.None); // a later transaction commits first
        var before = await AssertMatchesScanAsync("t-open", null);
        Assert.Equal(3, before.Count);

        await open.CommitAsync();
        var after = await AssertMatchesScanAsync("t-open", null);
        Assert.Equal(5, after.Count);
        Assert.Contains(after, h => h.PointId == late[0].Id);
    }

    [Fact]
    public async Task A_tenant_never_sees_another_tenants_points_even_for_the_same_documents()
    {
        var shared = Guid.NewGuid();
        var onlyB = Guid.NewGuid();
        await writer.UpsertAsync(model, Points("tenant-a", shared, 20), CancellationToken.None);
        await writer.UpsertAsync(model, Points("tenant-b", onlyB, 20), CancellationToken.None);

        var query = Vector();
        var a = await searcher.SearchAsync(model, new VectorQuery("tenant-a", query, null, 100), CancellationToken.None);
        var b = await searcher.SearchAsync(model, new VectorQuery("tenant-b", query, null, 100), CancellationToken.None);
        var aAskingForB = await searcher.SearchAsync(model, new VectorQuery("tenant-a", query, [onlyB], 100), CancellationToken.None);

        Assert.Equal(20, a.Count);
        Assert.All(a, h => Assert.Equal(shared, h.Payload.DocumentId));
        Assert.All(b, h => Assert.Equal(onlyB, h.Payload.DocumentId));
        Assert.Empty(aAskingForB);

        await writer.DeleteDocumentAsync(model, "tenant-b", shared, CancellationToken.None); // wrong tenant: deletes nothing
        Assert.Equal(20, (await searcher.SearchAsync(model, new VectorQuery("tenant-a", query, null, 100), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Points_are_listed_in_bounded_pages_that_cover_every_point_of_the_tenant_once()
    {
        var written = new List<Guid>();
        foreach (var document in Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()))
        {
            var points = Points("paged", document, 17);
            await writer.UpsertAsync(model, points, CancellationToken.None);
            written.AddRange(points.Select(p => p.Id));
        }

        await writer.UpsertAsync(model, Points("other-tenant", Guid.NewGuid(), 5), CancellationToken.None);
        var pages = new List<IReadOnlyList<StoredPoint>>();
        await foreach (var page in searcher.ListPointPagesAsync(model, "paged", 10, CancellationToken.None))
        {
            pages.Add(page);
        }

        Assert.Equal(6, pages.Count); // 51 points: five pages of 10 and one of 1
        Assert.All(pages, p => Assert.InRange(p.Count, 1, 10));
        Assert.Equal(written.Order(), pages.SelectMany(p => p).Select(p => p.Id).Order());
        Assert.All(pages.SelectMany(p => p), p => Assert.Equal("paged", p.Payload.TenantId));
    }

    private async Task<IReadOnlyList<VectorHit>> AssertMatchesScanAsync(string tenant, IReadOnlyList<Guid>? documents, int limit = 15)
    {
        var query = Vector();
        var cached = await searcher.SearchAsync(model, new VectorQuery(tenant, query, documents, limit), CancellationToken.None);
        var scanned = await ScanAsync(tenant, query, documents, limit);
        Assert.Equal(scanned.Select(h => h.PointId), cached.Select(h => h.PointId));
        Assert.All(scanned.Zip(cached), p => Assert.Equal(p.First.Score, p.Second.Score, 5));
        Assert.All(cached, h => Assert.Equal(tenant, h.Payload.TenantId));
        return cached;
    }

    /// <summary>The exact answer, computed from the table itself without any cache.</summary>
    private async Task<List<VectorHit>> ScanAsync(string tenant, float[] query, IReadOnlyList<Guid>? documents, int limit)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(Guid PointId, Guid DocumentId, int Ordinal, int? Page, string? Section, string TextHash, float[] Vector)>(
            "select point_id, document_id, ordinal, page, section, text_hash, vector from chunk_vectors where collection = @c and tenant_id = @tenant",
            new { c = model.CollectionName, tenant });
        return rows.Where(r => documents is null || documents.Contains(r.DocumentId))
            .Select(r => new VectorHit(r.PointId, VectorMath.Cosine(query, r.Vector), new VectorPayload(tenant, r.DocumentId, r.Ordinal, r.Page, r.Section, r.TextHash)))
            .OrderByDescending(h => h.Score).ThenBy(h => h.Payload.DocumentId).ThenBy(h => h.Payload.Ordinal)
            .Take(limit).ToList();
    }

    private List<VectorPoint> Points(string tenant, Guid document, int count) => Enumerable.Range(0, count)
        .Select(i => new VectorPoint(VectorPointId.For(document, i), Vector(), new VectorPayload(tenant, document, i, i % 3 == 0 ? null : i, faker.Lorem.Word(), faker.Random.Hash())))
        .ToList();

    private float[] Vector() => Enumerable.Range(0, Dimension).Select(_ => faker.Random.Float(-1, 1)).ToArray();
}
