using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Tasks.Retention;

namespace TaskRunner.IntegrationTests.Outbox;

/// <summary>Final tasks past Retention__Days go, with their batch; recent and unfinished ones stay.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RetentionTests(PlatformFixture platform)
{
    [Fact]
    public async Task Retention_deletes_a_final_task_older_than_the_retention_with_its_batch_and_keeps_recent_and_running_ones()
    {
        await using var dataSource = NpgsqlDataSource.Create(platform.ConnectionString);
        var (old, recent, oldRunning, batch) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("""
                insert into tasks (id, tenant_id, type, status, queue, created_at, finished_at)
                values (@old, 'retention', 'llm.batch', 'succeeded', 'llm', now() - interval '40 days', now() - interval '31 days'),
                       (@recent, 'retention', 'diagnostics.noop', 'failed', 'default', now() - interval '40 days', now() - interval '29 days'),
                       (@oldRunning, 'retention', 'diagnostics.noop', 'running', 'default', now() - interval '40 days', null);
                insert into batches (id, tenant_id, task_id, item_count) values (@batch, 'retention', @old, 1);
                insert into batch_items (batch_id, ordinal, prompt) values (@batch, 0, 'kept only by its task');
                """, new { old, recent, oldRunning, batch });
        }

        var retention = new TaskRetention(dataSource, Options.Create(new RetentionOptions { Days = 30 }));
        await retention.DeleteExpiredAsync(CancellationToken.None);

        await using var check = await dataSource.OpenConnectionAsync();
        var left = (await check.QueryAsync<Guid>("select id from tasks where tenant_id = 'retention'")).ToHashSet();
        Assert.Equal(new HashSet<Guid> { recent, oldRunning }, left);
        Assert.Equal(0L, await check.ExecuteScalarAsync<long>("select count(*) from batch_items where batch_id = @batch", new { batch }));
    }
}
