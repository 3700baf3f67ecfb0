using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Ingestion.Documents;
using TaskRunner.Retrieval.Indexing;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Outbox;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.IntegrationTests.Tasks;

/// <summary>
/// Concurrent submits share inserts (<see cref="SubmitBatcher"/>): every caller gets its own committed row, a row that
/// breaks a constraint fails only its own caller, and same-content uploads in one batch make one document.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SubmitBatcherTests(PlatformFixture platform)
{
    private TaskSubmitter Submitter => platform.ApiServices.GetRequiredService<TaskSubmitter>();

    private SubmitBatcher Batcher => platform.ApiServices.GetRequiredService<SubmitBatcher>();

    [Fact]
    public async Task Concurrent_submits_share_inserts_and_each_gets_its_own_committed_row()
    {
        var tenant = $"batch-{Guid.NewGuid():N}";
        var (batchesBefore, rowsBefore) = (Batcher.Batches, Batcher.Rows);

        // Started without awaiting: all 200 are queued while the first insert is in Postgres.
        var submits = Enumerable.Range(0, 200)
            .Select(i => Submitter.SubmitAsync(DiagnosticsTasks.Noop, tenant, new NoopTaskInput(i, 1), CancellationToken.None))
            .ToList();
        var records = await Task.WhenAll(submits);

        Assert.Equal(200, records.Select(r => r.Id).Distinct().Count());
        Assert.All(records, r => Assert.Equal(tenant, r.TenantId));
        var batches = Batcher.Batches - batchesBefore;
        Assert.True(Batcher.Rows - rowsBefore >= 200);
        Assert.True(batches < 200, $"200 concurrent submits took {batches} inserts");

        await using var connection = await platform.ApiServices.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        var stored = (await connection.QueryAsync<(Guid Id, string Input)>(
            "select id, input::text from tasks where tenant_id = @tenant", new { tenant })).ToDictionary(s => s.Id, s => s.Input);
        Assert.Equal(200, stored.Count);
        Assert.All(records, r => Assert.Equal(r.Input, stored[r.Id]));
    }

    [Fact]
    public async Task A_row_that_breaks_a_constraint_fails_its_own_submit_only()
    {
        var tenant = $"batch-{Guid.NewGuid():N}";
        var taken = Guid.NewGuid();
        await Submitter.SubmitAsync(DiagnosticsTasks.Noop, tenant, new NoopTaskInput(0, 1), CancellationToken.None, taskId: taken);

        var before = Enumerable.Range(0, 20).Select(_ => Submit()).ToList();
        var duplicate = Submitter.SubmitAsync(DiagnosticsTasks.Noop, tenant, new NoopTaskInput(0, 1), CancellationToken.None, taskId: taken);
        var after = Enumerable.Range(0, 20).Select(_ => Submit()).ToList();

        var error = await Assert.ThrowsAsync<PostgresException>(() => duplicate);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        var others = await Task.WhenAll(before.Concat(after));
        Assert.Equal(40, others.Select(r => r.Id).Distinct().Count());

        await using var connection = await platform.ApiServices.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        Assert.Equal(41, await connection.ExecuteScalarAsync<long>("select count(*) from tasks where tenant_id = @tenant", new { tenant }));

        Task<TaskRecord> Submit() => Submitter.SubmitAsync(DiagnosticsTasks.Noop, tenant, new NoopTaskInput(0, 1), CancellationToken.None);
    }

    [Fact]
    public async Task Guarded_submits_in_one_batch_make_one_document_per_content_and_a_task_for_each_document_only()
    {
        var tenant = $"batch-{Guid.NewGuid():N}";
        var shared = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();

        // Twenty uploads of one content and twenty of distinct contents, all queued before the first insert ends.
        var submits = Enumerable.Range(0, 40).Select(i =>
        {
            var (documentId, taskId) = (Guid.NewGuid(), Guid.NewGuid());
            var document = new DocumentRecord
            {
                Id = documentId, TenantId = tenant, Title = $"doc {i}", FileName = $"doc{i}.txt", ContentType = "text/plain", Kind = "text",
                SizeBytes = 10, Sha256 = i % 2 == 0 ? shared : $"{shared}-{i}", StoragePath = $"{tenant}/{documentId}", LastTaskId = taskId,
            };
            return (document, task: Submitter.SubmitGuardedAsync(
                DocumentTasks.Ingest, tenant, NoInput.Value, DocumentStore.InsertUnlessDuplicate, document, taskId, documentId, CancellationToken.None));
        }).ToList();
        await Task.WhenAll(submits.Select(s => s.task));

        var created = submits.Where(s => s.task.Result is not null).ToList();
        Assert.Single(created, s => s.document.Sha256 == shared);
        Assert.Equal(20, created.Count(s => s.document.Sha256 != shared));
        Assert.All(created, s => Assert.Equal(s.document.Id, s.task.Result!.DocumentId));

        await using var connection = await platform.ApiServices.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        var documents = (await connection.QueryAsync<Guid>("select id from documents where tenant_id = @tenant", new { tenant })).ToHashSet();
        Assert.Equal(created.Select(s => s.document.Id).ToHashSet(), documents);
        Assert.Equal(21, await connection.ExecuteScalarAsync<long>("select count(*) from tasks where tenant_id = @tenant", new { tenant }));
    }

    [Fact]
    public async Task A_canceled_caller_queues_nothing()
    {
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Submitter.SubmitAsync(DiagnosticsTasks.Noop, "batch-canceled", new NoopTaskInput(0, 1), canceled.Token));
    }
}
