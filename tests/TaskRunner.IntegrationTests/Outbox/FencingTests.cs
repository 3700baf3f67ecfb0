using Dapper;
using Npgsql;
using TaskRunner.Generation.Exercises;
using TaskRunner.Ingestion.Documents;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Retrieval.VectorStore;
using TaskRunner.Retrieval.VectorStore.Postgres;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Fencing;

namespace TaskRunner.IntegrationTests.Outbox;

/// <summary>A run presumed dead and replaced (its task now on a later run) cannot write a step's data.</summary>
[Collection(PlatformCollection.Name)]
public sealed class FencingTests(PlatformFixture platform) : IAsyncLifetime
{
    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(platform.ConnectionString);
    private readonly Guid taskId = Guid.NewGuid();
    private readonly Guid documentId = Guid.NewGuid();
    private TaskStore store = null!;

    public async Task InitializeAsync()
    {
        store = TestTaskStores.Over(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            insert into documents (id, tenant_id, title, file_name, kind, size_bytes, sha256, storage_path, status)
            values (@documentId, 'fence', 'Fenced', 'fenced.txt', 'text', 1, @sha, 'x', 'pending');
            insert into tasks (id, tenant_id, type, status, queue, document_id, runs)
            values (@taskId, 'fence', 'document.ingest', 'running', 'ingest', @documentId, 2);
            """, new { documentId, taskId, sha = Guid.NewGuid().ToString("N") });
    }

    public async Task DisposeAsync() => await dataSource.DisposeAsync();

    [Fact]
    public async Task A_stale_runs_chunks_are_refused_and_the_current_runs_are_written()
    {
        var chunks = new ChunkStore(dataSource);
        var stale = await Assert.ThrowsAsync<StaleRunException>(() => chunks.ReplaceAsync(documentId, [Chunk("stale")], CancellationToken.None, store.FenceOf(taskId, 1)));
        Assert.Equal(StaleRunException.ErrorCode, stale.Code);
        Assert.Equal(0L, await CountAsync("select count(*) from chunks where document_id = @documentId"));

        await chunks.ReplaceAsync(documentId, [Chunk("current")], CancellationToken.None, store.FenceOf(taskId, 2));
        Assert.Equal(1L, await CountAsync("select count(*) from chunks where document_id = @documentId and text = 'current'"));
    }

    [Fact]
    public async Task A_stale_runs_exercises_are_refused()
    {
        var exercises = new ExerciseStore(dataSource);
        await Assert.ThrowsAsync<StaleRunException>(() => exercises.UpsertAsync(Exercise(), CancellationToken.None, store.FenceOf(taskId, 1)));
        Assert.Equal(0L, await CountAsync("select count(*) from exercises where task_id = @taskId"));

        await exercises.UpsertAsync(Exercise(), CancellationToken.None, store.FenceOf(taskId, 2));
        Assert.Equal(1L, await CountAsync("select count(*) from exercises where task_id = @taskId"));
    }

    [Fact]
    public async Task Concurrent_fenced_exercises_share_statements_and_a_stale_run_among_them_is_refused_alone()
    {
        // 60 more running tasks on run 1 write an exercise each at once, then a second each while the fixture's task
        // (on run 2) gets a write from its stale run 1 in the same crowd.
        var others = Enumerable.Range(0, 60).Select(_ => Guid.NewGuid()).ToArray();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("""
                insert into tasks (id, tenant_id, type, status, queue, runs)
                select id, 'fence', 'exercise.generate', 'running', 'llm', 1 from unnest(@others) as id
                """, new { others });
        }

        var exercises = new ExerciseStore(dataSource);
        await Task.WhenAll(others.Select(id => exercises.UpsertAsync(Exercise(id, 0), CancellationToken.None, store.FenceOf(id, 1))));
        Assert.True(exercises.FencedUpsertStatements < others.Length / 2, $"{others.Length} upserts took {exercises.FencedUpsertStatements} statements");

        // The stale run's refusal fails the statement it shares; each of its rows is then written alone.
        var writes = others.Select(id => exercises.UpsertAsync(Exercise(id, 1), CancellationToken.None, store.FenceOf(id, 1))).ToList();
        var stale = exercises.UpsertAsync(Exercise(), CancellationToken.None, store.FenceOf(taskId, 1));
        await Task.WhenAll(writes);
        await Assert.ThrowsAsync<StaleRunException>(() => stale);
        Assert.Equal(0L, await CountAsync("select count(*) from exercises where task_id = @taskId"));
        await using var check = await dataSource.OpenConnectionAsync();
        Assert.Equal(120L, await check.ExecuteScalarAsync<long>("select count(*) from exercises where task_id = any(@others)", new { others }));
    }

    [Fact]
    public async Task A_stale_runs_delete_of_exercises_is_refused_and_the_current_runs_deletes()
    {
        var exercises = new ExerciseStore(dataSource);
        await exercises.UpsertAsync(Exercise(), CancellationToken.None, store.FenceOf(taskId, 2));

        var stale = await Assert.ThrowsAsync<StaleRunException>(() => exercises.DeleteForTaskAsync(taskId, null, CancellationToken.None, store.FenceOf(taskId, 1)));
        Assert.Equal(StaleRunException.ErrorCode, stale.Code);
        Assert.Equal(1L, await CountAsync("select count(*) from exercises where task_id = @taskId"));

        Assert.Equal(1, await exercises.DeleteForTaskAsync(taskId, [0], CancellationToken.None, store.FenceOf(taskId, 2)));
        Assert.Equal(0L, await CountAsync("select count(*) from exercises where task_id = @taskId"));
    }

    [Fact]
    public async Task A_stale_runs_vectors_are_refused_and_a_finished_task_takes_no_more_writes()
    {
        using var vectors = new PostgresVectorStore(dataSource);
        var model = new EmbeddingModelInfo("test", $"fence-{Guid.NewGuid():N}", 4, false);
        VectorPoint[] points = [new(VectorPointId.For(documentId, 0), [1, 0, 0, 0], new VectorPayload("fence", documentId, 0, null, null, "h"))];
        await Assert.ThrowsAsync<StaleRunException>(() => vectors.UpsertAsync(model, points, CancellationToken.None, store.FenceOf(taskId, 1)));
        Assert.Equal(0L, await CountAsync("select count(*) from chunk_vectors where document_id = @documentId"));

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("update tasks set status = 'succeeded' where id = @taskId", new { taskId });
        }

        // Even the run that owned it cannot write once the task is final.
        await Assert.ThrowsAsync<StaleRunException>(() => vectors.UpsertAsync(model, points, CancellationToken.None, store.FenceOf(taskId, 2)));
        Assert.Equal(0L, await CountAsync("select count(*) from chunk_vectors where document_id = @documentId"));
    }

    [Fact]
    public async Task A_stale_runs_delete_of_the_documents_vectors_is_refused_and_the_current_runs_deletes()
    {
        using var vectors = new PostgresVectorStore(dataSource);
        var model = new EmbeddingModelInfo("test", $"fence-{Guid.NewGuid():N}", 4, false);
        VectorPoint[] points = [new(VectorPointId.For(documentId, 0), [1, 0, 0, 0], new VectorPayload("fence", documentId, 0, null, null, "h"))];
        await vectors.UpsertAsync(model, points, CancellationToken.None, store.FenceOf(taskId, 2));

        // The embed step clears its document before writing it again: a stale run must not clear what run 2 wrote.
        await Assert.ThrowsAsync<StaleRunException>(() => vectors.DeleteDocumentAsync(model, "fence", documentId, CancellationToken.None, store.FenceOf(taskId, 1)));
        Assert.Equal(1L, await CountAsync("select count(*) from chunk_vectors where document_id = @documentId"));

        await vectors.DeleteDocumentAsync(model, "fence", documentId, CancellationToken.None, store.FenceOf(taskId, 2));
        Assert.Equal(0L, await CountAsync("select count(*) from chunk_vectors where document_id = @documentId"));
    }

    [Fact]
    public async Task A_stale_run_cannot_move_or_fail_the_document_and_the_current_run_can()
    {
        var documents = new DocumentStore(dataSource);
        await Assert.ThrowsAsync<StaleRunException>(() => documents.SetStatusAsync(documentId, DocumentStatuses.Ready, 3, 1, CancellationToken.None, store.FenceOf(taskId, 1)));
        await Assert.ThrowsAsync<StaleRunException>(() => documents.SetFailedAsync(documentId, "parse_timeout", "Too slow.", null, null, CancellationToken.None, store.FenceOf(taskId, 1)));
        Assert.Equal("pending", await StatusAsync());

        await documents.SetStatusAsync(documentId, DocumentStatuses.Ready, 3, 1, CancellationToken.None, store.FenceOf(taskId, 2));
        Assert.Equal("ready", await StatusAsync());
        await documents.SetFailedAsync(documentId, "parse_timeout", "Too slow.", null, null, CancellationToken.None, store.FenceOf(taskId, 2));
        Assert.Equal("failed", await StatusAsync());
    }

    private async Task<string?> StatusAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<string>("select status from documents where id = @documentId", new { documentId });
    }

    private ChunkRecord Chunk(string text) => new()
    {
        Id = Guid.NewGuid(), DocumentId = documentId, TenantId = "fence", Ordinal = 0, Text = text, TokenCount = 1, ContentHash = text,
    };

    private ExerciseRecord Exercise(Guid? task = null, int ordinal = 0) => new()
    {
        Id = Guid.NewGuid(), TenantId = "fence", TaskId = task ?? taskId, Ordinal = ordinal, Type = "true_false", Question = "Fenced?", Answer = "true",
        Difficulty = "easy", Generator = "offline",
    };

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql, new { documentId, taskId });
    }
}
