using Bogus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Tasks.Health;
using TaskRunner.Retrieval.VectorStore.Postgres;
using TaskRunner.Retrieval.VectorStore;

namespace TaskRunner.IntegrationTests.Search;

/// <summary>
/// The embedded store's cache over time, against the real Postgres: eviction under the memory budget, bounded
/// staleness instead of a database read per search, and the advice to move a large tenant to Qdrant.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class VectorCacheLifecycleTests(PlatformFixture platform) : IAsyncLifetime
{
    private const int Dimension = 256;
    private readonly EmbeddingModelInfo model = new("test", $"lifecycle-{Guid.NewGuid():N}", Dimension, false);
    private readonly Faker faker = new("en") { Random = new Randomizer(777) };
    private NpgsqlDataSource dataSource = null!;
    private PostgresVectorStore writer = null!;

    public Task InitializeAsync()
    {
        dataSource = NpgsqlDataSource.Create(platform.ConnectionString);
        writer = new PostgresVectorStore(dataSource);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        writer.Dispose();
        await dataSource.DisposeAsync();
    }

    [Fact]
    public async Task Beyond_the_budget_the_least_recently_searched_tenant_is_evicted_and_searches_stay_correct_after_reload()
    {
        // 400 vectors of 256 floats in slabs of 100 are 400 KB (plus row tables): two tenants fit in 1 MB, three do not.
        var options = new EmbeddedVectorStoreOptions { CacheBudgetMB = 1, RowsPerSlab = 100 };
        using var store = new PostgresVectorStore(dataSource, options, TimeProvider.System, NullLogger.Instance);
        var points = new Dictionary<string, List<VectorPoint>>();
        foreach (var tenant in new[] { "lru-a", "lru-b", "lru-c" })
        {
            points[tenant] = Points(tenant, Guid.NewGuid(), 400);
            await writer.UpsertAsync(model, points[tenant], CancellationToken.None);
        }

        await AssertSearchIsExactAsync(store, "lru-a", points["lru-a"]);
        await AssertSearchIsExactAsync(store, "lru-b", points["lru-b"]);
        await AssertSearchIsExactAsync(store, "lru-c", points["lru-c"]);
        Assert.Equal(["lru-b", "lru-c"], Cached(store));

        await AssertSearchIsExactAsync(store, "lru-a", points["lru-a"]); // reloaded; now b is the least recently searched
        Assert.Equal(["lru-a", "lru-c"], Cached(store));
        Assert.True(store.CachedTenants().Sum(t => t.Bytes) <= 1024 * 1024);
    }

    [Fact]
    public async Task Within_the_refresh_interval_searches_use_the_cache_and_after_it_they_see_other_processes_writes()
    {
        var clock = new ManualClock();
        var options = new EmbeddedVectorStoreOptions { RefreshIntervalMs = 1000 };
        using var store = new PostgresVectorStore(dataSource, options, clock, NullLogger.Instance);
        var first = Points("stale", Guid.NewGuid(), 20);
        await writer.UpsertAsync(model, first, CancellationToken.None);
        Assert.Equal(20, await CountAsync(store, "stale"));

        await writer.UpsertAsync(model, Points("stale", Guid.NewGuid(), 5), CancellationToken.None); // another process
        Assert.Equal(20, await CountAsync(store, "stale"));

        clock.Advance(TimeSpan.FromMilliseconds(1500));
        Assert.Equal(25, await CountAsync(store, "stale"));

        await store.DeletePointsAsync(model, "stale", [first[0].Id], CancellationToken.None); // this process: seen at once
        Assert.Equal(24, await CountAsync(store, "stale"));
    }

    [Fact]
    public async Task Searches_arriving_while_a_refresh_waits_for_a_connection_answer_from_the_cache_as_it_is()
    {
        var clock = new ManualClock();
        await using var onePool = NpgsqlDataSource.Create($"{platform.ConnectionString};Maximum Pool Size=1");
        using var store = new PostgresVectorStore(onePool, new EmbeddedVectorStoreOptions { RefreshIntervalMs = 1000 }, clock, NullLogger.Instance);
        await writer.UpsertAsync(model, Points("busy", Guid.NewGuid(), 20), CancellationToken.None);
        Assert.Equal(20, await CountAsync(store, "busy"));
        await writer.UpsertAsync(model, Points("busy", Guid.NewGuid(), 5), CancellationToken.None); // another process
        clock.Advance(TimeSpan.FromMilliseconds(1500));

        // The pool's only connection is taken (as when every connection serves other queries): the refresh must wait.
        var held = await onePool.OpenConnectionAsync();
        var starter = CountAsync(store, "busy");
        var concurrent = await CountAsync(store, "busy");

        Assert.Equal(20, concurrent);
        Assert.False(starter.IsCompleted);
        await held.DisposeAsync();
        Assert.Equal(25, await starter); // the search that started the refresh waited for it, and sees the write
    }

    [Fact]
    public async Task A_tenant_above_the_advice_size_is_named_by_the_health_check()
    {
        var options = new EmbeddedVectorStoreOptions { QdrantAdviceVectors = 30 };
        using var store = new PostgresVectorStore(dataSource, options, TimeProvider.System, NullLogger.Instance);
        await writer.UpsertAsync(model, Points("big-tenant", Guid.NewGuid(), 40), CancellationToken.None);
        await writer.UpsertAsync(model, Points("small-tenant", Guid.NewGuid(), 10), CancellationToken.None);
        await CountAsync(store, "big-tenant");
        await CountAsync(store, "small-tenant");
        await using var services = new ServiceCollection().AddSingleton<IVectorStore>(store).BuildServiceProvider();

        var result = await new EmbeddedVectorStoreHealthCheck(services).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("big-tenant", result.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("small-tenant", result.Description, StringComparison.Ordinal);
        Assert.Equal([("big-tenant", 40)], store.TenantsForQdrant().Select(t => (t.TenantId, t.Vectors)));
    }

    private List<string> Cached(PostgresVectorStore store) =>
        store.CachedTenants().Where(t => t.Collection == model.CollectionName).Select(t => t.TenantId).Order(StringComparer.Ordinal).ToList();

    private async Task<int> CountAsync(PostgresVectorStore store, string tenant) =>
        (await store.SearchAsync(model, new VectorQuery(tenant, Vector(), null, 1000), CancellationToken.None)).Count;

    private async Task AssertSearchIsExactAsync(PostgresVectorStore store, string tenant, List<VectorPoint> points)
    {
        var query = Vector();
        var hits = await store.SearchAsync(model, new VectorQuery(tenant, query, null, 10), CancellationToken.None);
        var expected = points.OrderByDescending(p => VectorMath.Cosine(query, p.Vector)).Take(10).Select(p => p.Id);
        Assert.Equal(expected, hits.Select(h => h.PointId));
    }

    private List<VectorPoint> Points(string tenant, Guid document, int count) => Enumerable.Range(0, count)
        .Select(i => new VectorPoint(VectorPointId.For(document, i), Vector(), new VectorPayload(tenant, document, i, null, null, faker.Random.Hash())))
        .ToList();

    private float[] Vector() => Enumerable.Range(0, Dimension).Select(_ => faker.Random.Float(-1, 1)).ToArray();

    /// <summary>A clock the test moves by hand, so staleness is tested without waiting.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
    }
}
