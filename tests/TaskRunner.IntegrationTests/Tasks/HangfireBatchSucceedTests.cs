using System.Globalization;
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
/// The executor's succeeded jobs leave Processing many per statement; the rows must be the ones Hangfire's state machine
/// writes for the same change, or the dashboard's job list, expiry and statistics would disagree with its own.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class HangfireBatchSucceedTests(PlatformFixture platform)
{
    /// <summary>No Worker serves this queue, so the jobs stay as the test leaves them.</summary>
    private const string UnservedQueue = "batch_succeed_test";

    [Fact]
    public async Task A_batch_succeeded_job_has_the_rows_and_counts_of_one_moved_by_hangfires_client_and_a_moved_job_is_left_alone()
    {
        var client = platform.ApiServices.GetRequiredService<IBackgroundJobClient>();
        var storage = platform.ApiServices.GetRequiredService<JobStorage>();
        var outcome = TaskJobOutcome.Succeeded("Generated 1 exercise.");
        string[] created = [.. Enumerable.Range(0, 3).Select(_ => client.Create(TaskDispatcher.JobFor(Guid.NewGuid(), Guid.NewGuid()), new EnqueuedState(UnservedQueue)))];
        foreach (var job in created)
        {
            Assert.True(client.ChangeState(job, new ExecutorProcessingState("test-server:1", "Running on the async executor."), EnqueuedState.StateName));
        }

        var (viaClient, viaBatch, deleted) = (created[0], created[1], created[2]);
        client.Delete(deleted);
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();
        try
        {
            var before = await CountersAsync(connection);
            Assert.True(client.ChangeState(viaClient, new SucceededState(outcome, 0, 1234), ProcessingState.StateName));
            var afterClient = await CountersAsync(connection);
            var moved = await new HangfireBatchSucceed().SucceedAsync(
                connection, [(Id(viaBatch), new SucceededState(outcome, 0, 1234)), (Id(deleted), new SucceededState(outcome, 0, 1234))], storage.JobExpirationTimeout, CancellationToken.None);
            var afterBatch = await CountersAsync(connection);

            Assert.Equal([Id(viaBatch)], moved);
            var rows = (await connection.QueryAsync<(long Id, string StateName, double ExpiresInHours, string Data, int States)>("""
                select j.id, j.statename, round(extract(epoch from j.expireat - (now() at time zone 'utc')) / 3600), (s.data - 'SucceededAt')::text,
                       (select count(*) from hangfire.state a where a.jobid = j.id)::int
                  from hangfire.job j join hangfire.state s on s.id = j.stateid and s.jobid = j.id and s.name = j.statename
                 where j.id = any(@ids)
                """, new { ids = created.Select(Id).ToArray() })).ToDictionary(r => r.Id);

            var expected = rows[Id(viaClient)];
            Assert.Equal(("Succeeded", 3), (expected.StateName, expected.States));
            Assert.Equal(expected with { Id = Id(viaBatch) }, rows[Id(viaBatch)]);
            Assert.Equal("Deleted", rows[Id(deleted)].StateName);

            // Each way adds one success to the total and to the day's and the hour's history.
            Assert.Equal(afterClient.Select((c, i) => c - before[i]), afterBatch.Select((c, i) => c - afterClient[i]));
            Assert.Equal([1L, 1L, 1L], afterBatch.Select((c, i) => c - afterClient[i]));
        }
        finally
        {
            foreach (var job in created)
            {
                client.Delete(job);
            }
        }
    }

    /// <summary>The success counters the dashboard reads: the total, today's and this hour's.</summary>
    private static async Task<long[]> CountersAsync(NpgsqlConnection connection)
    {
        var now = DateTime.UtcNow;
        string[] keys = ["stats:succeeded", $"stats:succeeded:{now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", $"stats:succeeded:{now.ToString("yyyy-MM-dd-HH", CultureInfo.InvariantCulture)}"];
        var sums = new long[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            // Hangfire keeps counters as rows, and may have aggregated older ones into aggregatedcounter.
            sums[i] = await connection.ExecuteScalarAsync<long>("""
                select coalesce((select sum(value) from hangfire.counter where key = @key), 0)
                     + coalesce((select sum(value) from hangfire.aggregatedcounter where key = @key), 0)
                """, new { key = keys[i] });
        }

        return sums;
    }

    private static long Id(string jobId) => long.Parse(jobId, CultureInfo.InvariantCulture);
}
