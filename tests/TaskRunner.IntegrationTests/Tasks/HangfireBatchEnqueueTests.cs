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
    public async Task A_batch_written_job_has_the_rows_of_a_job_created_by_hangfires_client()
    {
        var (taskId, dispatchId) = (Guid.NewGuid(), Guid.NewGuid());
        var client = platform.ApiServices.GetRequiredService<IBackgroundJobClient>();
        var viaClient = long.Parse(client.Create(TaskDispatcher.JobFor(taskId, dispatchId), new EnqueuedState(UnservedQueue)), System.Globalization.CultureInfo.InvariantCulture);

        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();
        var batch = new HangfireBatchEnqueue();
        Assert.True(await new HangfireSchema().IsSupportedAsync(connection, CancellationToken.None), "The test database's Hangfire schema is not the version the batch writes.");
        var written = Assert.Single(await batch.EnqueueAsync(connection, [new TaskRecord { Id = taskId, DispatchId = dispatchId, Queue = UnservedQueue }], CancellationToken.None));
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
                """, new { ids = new[] { viaClient, viaBatch } })).ToDictionary(j => j.Id);

            var expected = jobs[viaClient];
            var actual = jobs[viaBatch];
            Assert.Equal(("Enqueued", true, UnservedQueue), (expected.StateName, expected.Persistent, expected.Queue));
            Assert.Equal(expected with { Id = viaBatch }, actual);
        }
        finally
        {
            client.Delete(viaClient.ToString(System.Globalization.CultureInfo.InvariantCulture));
            client.Delete(viaBatch.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
