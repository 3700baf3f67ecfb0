using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Persistence;

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
        // Columns is the whole set clause of the statement.
        var set = ProgressWrites.Sql[ProgressWrites.Sql.IndexOf(" set ", StringComparison.Ordinal)..ProgressWrites.Sql.IndexOf(" from ", StringComparison.Ordinal)];
        Assert.Equal(ProgressWrites.Columns.Order(), SetClause().Matches(set).Select(m => m.Groups[1].Value).Order());

        await using var connection = await dataSource.OpenConnectionAsync();
        var definitions = (await connection.QueryAsync<string>(
            "select pg_get_indexdef(indexrelid) from pg_index where indrelid = 'tasks'::regclass")).ToList();
        Assert.NotEmpty(definitions);
        foreach (var column in ProgressWrites.Columns)
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

    [Fact]
    public async Task Concurrent_reports_share_statements_and_each_lands_on_its_own_run_only()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => Guid.NewGuid()).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            insert into tasks (id, tenant_id, type, status, queue, runs)
            select id, 'progress-batch', 'diagnostics.noop', 'running', 'default', 1 from unnest(@ids) as id
            """, new { ids });
        var store = TestTaskStores.Over(dataSource);

        // Every tenth report names a run the task is not on; the second task reports twice before either is awaited.
        var reports = ids.Select((id, i) => store.UpdateProgressAsync(id, i % 10 == 0 ? 2 : 1, $"stage {i}", i / 200f, $"message {i}", CancellationToken.None)).ToList();
        reports.Add(store.UpdateProgressAsync(ids[1], 1, "later", 0.9f, "the later report", CancellationToken.None));
        var written = await Task.WhenAll(reports);

        Assert.Equal(ids.Select((_, i) => i % 10 != 0).Append(true), written);
        Assert.True(store.ProgressStatements < ids.Length / 2, $"{ids.Length + 1} reports took {store.ProgressStatements} statements");
        var rows = (await connection.QueryAsync<(Guid Id, string? Stage, float Progress, string? Message)>(
            "select id, stage, progress, message from tasks where id = any(@ids)", new { ids })).ToDictionary(r => r.Id);
        for (var i = 0; i < ids.Length; i++)
        {
            var row = rows[ids[i]];
            if (i == 1)
            {
                Assert.Equal(("later", 0.9f, "the later report"), (row.Stage, row.Progress, row.Message));
            }
            else if (i % 10 == 0)
            {
                Assert.Null(row.Stage);
            }
            else
            {
                Assert.Equal(($"stage {i}", i / 200f, $"message {i}"), (row.Stage, row.Progress, row.Message));
            }
        }
    }

    [GeneratedRegex(@"\b(\w+) = ")]
    private static partial Regex SetClause();
}
