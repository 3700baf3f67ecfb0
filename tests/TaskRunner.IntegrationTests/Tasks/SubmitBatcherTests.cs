using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Outbox;

namespace TaskRunner.IntegrationTests.Tasks;

/// <summary>
/// Concurrent lone submits share inserts (<see cref="SubmitBatcher"/>): every caller gets its own committed row, and a row that breaks a constraint fails only its own caller.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SubmitBatcherTests(PlatformFixture platform)
{
    private TaskSubmitter Submitter => platform.ApiServices.GetRequiredService<TaskSubmitter>();

    private SubmitBatcher Batcher => platform.ApiServices.GetRequiredService<SubmitBatcher>();

    [Fact]
    public async Task Concurrent_submits_share_inserts_and_each_gets_its_committed_row_in_arrival_order()
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
    public async Task A_canceled_caller_queues_nothing()
    {
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Submitter.SubmitAsync(DiagnosticsTasks.Noop, "batch-canceled", new NoopTaskInput(0, 1), canceled.Token));
    }
}
