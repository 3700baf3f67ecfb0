using Dapper;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Jobs;

namespace TaskRunner.IntegrationTests.Tasks;

/// <summary>
/// The dispatch leader writes a burst's Hangfire jobs in one statement; the rows must be the ones Hangfire's own client
/// writes for the same job created Enqueued, or Hangfire's servers would fail them (or never fetch them).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class HangfireBatchEnqueueTests(PlatformFixture platform)
{
    /// <summary>No Worker serves this queue, so the jobs stay as they were written while the test reads them.</summary>
    private const string UnservedQueue = "batch_compare";

    [Fact]
    public async Task A_batch_written_job_has_the_rows_of_a_job_created_by_hangfires_client_and_its_task_records_it()
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();
        Assert.True(await new HangfireSchema().IsSupportedAsync(connection, CancellationToken.None), "The test database's Hangfire schema is not the version the batch writes.");

        // Inside a transaction no dispatcher of the fixture sees the task; as the oldest high-priority task it is the one a batch of one picks.
        await using var transaction = await connection.BeginTransactionAsync();
        var taskId = Guid.NewGuid();
        await connection.ExecuteAsync("""
            insert into tasks (id, tenant_id, type, status, queue, input, priority, created_at, updated_at)
            values (@taskId, 'batch-compare', 'llm.prompt', 'queued', @queue, '{}', 'high', '2000-01-01', now())
            """, new { taskId, queue = UnservedQueue }, transaction);
        var written = Assert.Single(await new HangfireBatchEnqueue().DispatchAsync(connection, 1, CancellationToken.None));
        Assert.Equal((taskId, UnservedQueue), (written.TaskId, written.Queue));

        var client = platform.ApiServices.GetRequiredService<IBackgroundJobClient>();
        var viaClient = long.Parse(client.Create(TaskDispatcher.JobFor(taskId, written.DispatchId), new EnqueuedState(UnservedQueue)), System.Globalization.CultureInfo.InvariantCulture);
        var viaBatch = long.Parse(written.JobId, System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            Assert.NotEqual(viaClient, viaBatch);
            var jobs = (await connection.QueryAsync<(long Id, string StateName, string Invocation, string Arguments, bool Persistent, string StateData, string? Queue)>("""
                select j.id, j.statename, j.invocationdata::text, j.arguments::text, j.expireat is null,
                       (s.data - 'EnqueuedAt')::text, q.queue
                  from hangfire.job j
                  join hangfire.state s on s.id = j.stateid and s.jobid = j.id and s.name = j.statename
                  left join hangfire.jobqueue q on q.jobid = j.id
                 where j.id = any(@ids)
                """, new { ids = new[] { viaClient, viaBatch } }, transaction)).ToDictionary(j => j.Id);

            var expected = jobs[viaClient];
            var actual = jobs[viaBatch];
            Assert.Equal(("Enqueued", true, UnservedQueue), (expected.StateName, expected.Persistent, expected.Queue));
            Assert.Equal(expected with { Id = viaBatch }, actual);

            // The task carries the dispatch its job runs and the job's id, written by the same statement.
            var task = await connection.QuerySingleAsync<(Guid? DispatchId, string? JobId)>(
                "select dispatch_id, hangfire_job_id from tasks where id = @taskId", new { taskId }, transaction);
            Assert.Equal((written.DispatchId, written.JobId), (task.DispatchId, task.JobId));
        }
        finally
        {
            await transaction.RollbackAsync();
            client.Delete(viaClient.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
