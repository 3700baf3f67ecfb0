using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Tasks;

namespace TaskRunner.IntegrationTests.Tasks;

/// <summary>
/// Runs that succeed together share a statement (issue #12: a thousand generations whose replies arrive at once), yet
/// each succeeds only while its run owns the task, and a result Postgres refuses fails only its own caller.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SucceedWritesTests(PlatformFixture platform) : IAsyncLifetime
{
    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(platform.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await dataSource.DisposeAsync();

    [Fact]
    public async Task Concurrent_successes_share_statements_and_each_needs_its_own_run()
    {
        var ids = await RunningTasksAsync(150);
        var store = TestTaskStores.Over(dataSource);

        // Every tenth success names a run the task is not on: it must change nothing.
        var outcomes = await Task.WhenAll(ids.Select((id, i) =>
            store.SucceedAsync(id, i % 10 == 0 ? 2 : 1, $$"""{"n": {{i}}}""", $"Done {i}", CancellationToken.None)));

        Assert.True(store.SucceedStatements < ids.Length / 2, $"{ids.Length} successes took {store.SucceedStatements} statements");
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(Guid Id, string Status, string? Stage, float Progress, string? Message, string? Result, bool Finished)>(
            "select id, status, stage, progress, message, result::text, finished_at is not null from tasks where id = any(@ids)", new { ids })).ToDictionary(r => r.Id);
        for (var i = 0; i < ids.Length; i++)
        {
            var row = rows[ids[i]];
            if (i % 10 == 0)
            {
                Assert.Null(outcomes[i]);
                Assert.Equal(("running", false), (row.Status, row.Finished));
                continue;
            }

            Assert.Equal((ids[i], "succeeded"), (outcomes[i]!.Id, outcomes[i]!.Status));
            Assert.Equal(("succeeded", "done", 1f, $"Done {i}", $$"""{"n": {{i}}}""", true), (row.Status, row.Stage, row.Progress, row.Message, row.Result, row.Finished));
        }
    }

    [Fact]
    public async Task A_result_postgres_refuses_fails_only_its_own_caller()
    {
        var ids = await RunningTasksAsync(40);
        var store = TestTaskStores.Over(dataSource);

        var writes = ids.Select((id, i) => store.SucceedAsync(id, 1, i == 7 ? "{not json" : """{"ok": true}""", "Done", CancellationToken.None)).ToList();

        await Assert.ThrowsAsync<PostgresException>(() => writes[7]);
        var others = await Task.WhenAll(writes.Where((_, i) => i != 7));
        Assert.All(others, task => Assert.Equal("succeeded", task!.Status));
    }

    [Fact]
    public async Task The_shared_statement_leaves_a_row_exactly_as_the_generic_succeed_transition_does()
    {
        // SucceedWrites writes Succeed's update in a statement of its own; two identical running rows, one moved by
        // each, must end the same in every column but their ids and clocks.
        var (shared, generic) = (Guid.NewGuid(), Guid.NewGuid());
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            insert into tasks (id, tenant_id, type, status, stage, step, progress, message, result, error, attempts, runs,
                               handoff, queue, dispatch_id, hangfire_job_id, worker_id, not_before, heartbeat_at, started_at)
            select id, 'succeed-equal', 'exercise.generate', 'running', 'generating', 1, 0.4, 'Asking', '{"partial": 1}',
                   '{"code": "llm_timeout"}', 2, 1, true, 'llm', '6f1c2b7e-0000-4000-8000-000000000001', '42', 'w1',
                   now() + interval '1 minute', now(), now()
              from unnest(@ids) as id
            """, new { ids = new[] { shared, generic } });
        var store = TestTaskStores.Over(dataSource);

        await store.SucceedAsync(shared, 1, """{"generated": 3}""", "Generated 3 of 3 exercises (llm).", CancellationToken.None);
        await store.TransitionAsync(generic, TaskTransition.Succeed, 1, new TaskUpdate
        {
            ResultJson = """{"generated": 3}""", Message = "Generated 3 of 3 exercises (llm).", Progress = 1, Stage = "done", ClearError = true,
        }, CancellationToken.None);

        const string Row = "select to_jsonb(t) - 'id' - 'created_at' - 'started_at' - 'finished_at' - 'updated_at' - 'heartbeat_at' from tasks t where id = @id";
        var sharedRow = await connection.QuerySingleAsync<string>(Row, new { id = shared });
        Assert.Equal(await connection.QuerySingleAsync<string>(Row, new { id = generic }), sharedRow);
        Assert.Contains("\"succeeded\"", sharedRow);
        Assert.Equal(2L, await connection.ExecuteScalarAsync<long>(
            "select count(*) from tasks where id = any(@ids) and finished_at is not null", new { ids = new[] { shared, generic } }));
    }

    private async Task<Guid[]> RunningTasksAsync(int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            insert into tasks (id, tenant_id, type, status, queue, runs)
            select id, 'succeed-batch', 'diagnostics.noop', 'running', 'default', 1 from unnest(@ids) as id
            """, new { ids });
        return ids;
    }
}
