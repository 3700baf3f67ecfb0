using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Tasks;

namespace TaskRunner.IntegrationTests.Tasks;

/// <summary>
/// Progress is the most frequent write of a running task (issue #12): it must stay a heap-only (HOT) update, so it
/// sets no column that any index of tasks reads, and it leaves updated_at (the sweeps' clock for queued tasks) alone.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class ProgressWriteTests(PlatformFixture platform) : IAsyncLifetime
{
    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(platform.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await dataSource.DisposeAsync();

    [Fact]
    public async Task The_progress_write_sets_no_column_an_index_of_tasks_reads()
    {
        // ProgressColumns is the whole set clause of the statement.
        var set = TaskStore.ProgressUpdate[TaskStore.ProgressUpdate.IndexOf(" set ", StringComparison.Ordinal)..TaskStore.ProgressUpdate.IndexOf(" where ", StringComparison.Ordinal)];
        Assert.Equal(TaskStore.ProgressColumns.Order(), SetClause().Matches(set).Select(m => m.Groups[1].Value).Order());

        await using var connection = await dataSource.OpenConnectionAsync();
        var definitions = (await connection.QueryAsync<string>(
            "select pg_get_indexdef(indexrelid) from pg_index where indrelid = 'tasks'::regclass")).ToList();
        Assert.NotEmpty(definitions);
        foreach (var column in TaskStore.ProgressColumns)
        {
            Assert.DoesNotContain(definitions, d => Regex.IsMatch(d, $@"\b{column}\b"));
        }
    }

    [Fact]
    public async Task Progress_moves_the_version_and_leaves_updated_at_alone()
    {
        var id = Guid.NewGuid();
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            insert into tasks (id, tenant_id, type, status, queue, runs, updated_at)
            values (@id, 'progress', 'diagnostics.noop', 'running', 'default', 1, now() - interval '1 minute')
            """, new { id });
        var before = await connection.QuerySingleAsync<(DateTime UpdatedAt, long Version)>("select updated_at, version from tasks where id = @id", new { id });
        var store = TestTaskStores.Over(dataSource);

        Assert.True(await store.UpdateProgressAsync(id, 1, "working", 0.5f, "Half way", CancellationToken.None));
        Assert.False(await store.UpdateProgressAsync(id, 2, "working", 0.6f, "Not this run", CancellationToken.None));

        var after = await connection.QuerySingleAsync<(DateTime UpdatedAt, long Version, string Stage, float Progress)>(
            "select updated_at, version, stage, progress from tasks where id = @id", new { id });
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        Assert.Equal(before.Version + 1, after.Version);
        Assert.Equal("working", after.Stage);
        Assert.Equal(0.5f, after.Progress);
    }

    [GeneratedRegex(@"\b(\w+) = ")]
    private static partial Regex SetClause();
}
