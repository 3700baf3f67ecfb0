using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Qdrant.Client.Grpc;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Tasks;
using TaskRunner.Retrieval.VectorStore;
using TaskRunner.Retrieval.VectorStore.Qdrant;
using TaskRunner.Testing.Qdrant;

namespace TaskRunner.Tests.VectorStore;

// How the adapter reports failures: transient ones (retried here, then by the task's retry policy) and permanent ones.
public sealed class QdrantVectorStoreFailureTests : IAsyncLifetime
{
    private static readonly EmbeddingModelInfo Model = new("hashing", "failures", 4, false);
    private QdrantGrpcTestServer _server = null!;
    private QdrantConnection _connection = null!;
    private QdrantVectorStore _store = null!;

    public async Task InitializeAsync()
    {
        _server = await QdrantGrpcTestServer.StartAsync();
        (_connection, _store) = Open(new QdrantOptions { Url = _server.Endpoint.ToString(), MaxRetries = 2, RetryBaseDelayMilliseconds = 10 });
    }

    public async Task DisposeAsync()
    {
        _connection.Dispose();
        await _server.DisposeAsync();
    }

    private static (QdrantConnection, QdrantVectorStore) Open(QdrantOptions options)
    {
        var connection = new QdrantConnection(Options.Create(options));
        return (connection, new QdrantVectorStore(connection, Options.Create(options), NullLogger<QdrantVectorStore>.Instance));
    }

    private static VectorPoint Point(string tenant, int ordinal)
    {
        var doc = Guid.NewGuid();
        return new VectorPoint(VectorPointId.For(doc, ordinal), [1f, 0f, 0f, 0f], new VectorPayload(tenant, doc, ordinal, null, null, "h"));
    }

    [Fact]
    public async Task Unavailable_twice_then_success_is_retried_within_the_call()
    {
        await _store.EnsureCollectionAsync(Model, CancellationToken.None);
        _server.FailNext(StatusCode.Unavailable, times: 2);

        await _store.UpsertAsync(Model, [Point("t", 0)], CancellationToken.None);

        Assert.Equal(1, _server.PointCount(Model.CollectionName));
        Assert.Equal(3, _server.Requests.Count(r => r.Name == "Upsert"));
    }

    [Theory]
    [InlineData(StatusCode.Unavailable)]
    [InlineData(StatusCode.DeadlineExceeded)]
    [InlineData(StatusCode.ResourceExhausted)]
    [InlineData(StatusCode.Aborted)]
    public async Task A_transient_status_beyond_the_retry_budget_is_a_transient_error(StatusCode code)
    {
        await _store.EnsureCollectionAsync(Model, CancellationToken.None);
        _server.FailNext(code, times: 3, detail: "connection to 10.1.2.3:6334 reset");

        var ex = await Assert.ThrowsAsync<VectorStoreException>(() =>
            _store.SearchAsync(Model, new VectorQuery("t", [1f, 0f, 0f, 0f], null, 5), CancellationToken.None));

        Assert.True(ex.IsTransient);
        Assert.Equal((int)code, ex.StatusCode);
        Assert.DoesNotContain("10.1.2.3", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, _server.Requests.Count(r => r.Name == "Query"));
    }

    [Fact]
    public async Task Query_vector_of_the_wrong_size_is_a_permanent_error_that_is_not_retried()
    {
        await _store.EnsureCollectionAsync(Model, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<VectorStoreException>(() =>
            _store.SearchAsync(Model, new VectorQuery("t", [1f, 0f], null, 5), CancellationToken.None));

        Assert.False(ex.IsTransient);
        Assert.Equal((int)StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("Vector dimension error", ex.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests, r => r.Name == "Query");
    }

    [Fact]
    public async Task A_collection_holding_another_dimension_is_a_permanent_error()
    {
        await _connection.Client.CreateCollectionAsync(Model.CollectionName, new VectorParams { Size = 8, Distance = Distance.Cosine });

        var ex = await Assert.ThrowsAsync<VectorStoreException>(() => _store.EnsureCollectionAsync(Model, CancellationToken.None));

        Assert.False(ex.IsTransient);
        Assert.Contains("8-dimensional", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_collection_is_a_permanent_error_carrying_qdrants_message()
    {
        var ex = await Assert.ThrowsAsync<VectorStoreException>(() =>
            _store.SearchAsync(Model, new VectorQuery("t", [1f, 0f, 0f, 0f], null, 5), CancellationToken.None));

        Assert.False(ex.IsTransient);
        Assert.Equal((int)StatusCode.NotFound, ex.StatusCode);
        Assert.Contains("doesn't exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_server_is_a_transient_error_that_does_not_name_the_address()
    {
        var (connection, store) = Open(new QdrantOptions { Url = "http://127.0.0.1:1", MaxRetries = 1, RetryBaseDelayMilliseconds = 10 });
        using (connection)
        {
            var ex = await Assert.ThrowsAsync<VectorStoreException>(() => store.EnsureCollectionAsync(Model, CancellationToken.None));

            Assert.True(ex.IsTransient);
            Assert.Equal((int)StatusCode.Unavailable, ex.StatusCode);
            Assert.DoesNotContain("127.0.0.1", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_task_retry_policy_retries_an_unavailable_qdrant_and_fails_a_rejected_request_at_once()
    {
        await _store.EnsureCollectionAsync(Model, CancellationToken.None);
        _server.FailNext(StatusCode.Unavailable, times: 3);
        var unavailable = await Assert.ThrowsAsync<VectorStoreException>(() => _store.UpsertAsync(Model, [Point("t", 0)], CancellationToken.None));
        var rejected = await Assert.ThrowsAsync<VectorStoreException>(() =>
            _store.SearchAsync(Model, new VectorQuery("t", [1f], null, 5), CancellationToken.None));

        var (transientError, transient, _) = TaskRetryPolicy.Classify(unavailable);
        var (permanentError, permanentIsTransient, _) = TaskRetryPolicy.Classify(rejected);

        Assert.True(transient);
        Assert.Equal("vector_store_unavailable", transientError.Code);
        Assert.False(permanentIsTransient);
        Assert.Equal("vector_store_rejected", permanentError.Code);
    }

    [Fact]
    public async Task The_double_refuses_what_qdrant_refuses_and_unscoped_reads()
    {
        await _store.EnsureCollectionAsync(Model, CancellationToken.None);
        var badId = new PointStruct { Id = new PointId { Uuid = "not-a-uuid" }, Vectors = new float[] { 1f, 0f, 0f, 0f } };

        var invalidId = await Assert.ThrowsAsync<RpcException>(() => _connection.Client.UpsertAsync(Model.CollectionName, [badId]));
        var unscoped = await Assert.ThrowsAsync<RpcException>(() => _connection.Client.ScrollAsync(Model.CollectionName));

        Assert.Equal(StatusCode.InvalidArgument, invalidId.StatusCode);
        Assert.Contains("Unable to parse UUID", invalidId.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, unscoped.StatusCode);
        Assert.Equal(0, _server.PointCount(Model.CollectionName));
    }
}
