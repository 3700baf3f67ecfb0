using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Usage;

namespace TaskRunner.IntegrationTests.Observability;

/// <summary>
/// Token usage is written at once after every call a run makes, so a crash loses nothing already paid for; calls of
/// concurrent runs share statements, and no call's tokens may be lost or counted twice on the way.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class UsageAdditionTests(PlatformFixture platform) : IAsyncLifetime
{
    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(platform.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await dataSource.DisposeAsync();

    [Fact]
    public async Task Concurrent_additions_share_statements_and_every_calls_tokens_are_added_once()
    {
        var store = new UsageStore(dataSource);
        var tenant = $"usage-{Guid.NewGuid():N}";
        var tasks = Enumerable.Range(0, 60).Select(_ => new TaskRecord { Id = Guid.NewGuid(), TenantId = tenant, Type = "exercise.generate" }).ToList();

        // Each task makes three calls on one model and one on another, all at once: a batch may hold several of a row.
        var calls = tasks.SelectMany(t => new[]
        {
            (Task: t, Usage: new ModelUsage("model-a", 10, 1, 0)),
            (Task: t, Usage: new ModelUsage("model-a", 20, 2, 0)),
            (Task: t, Usage: new ModelUsage("model-a", 30, 3, 0)),
            (Task: t, Usage: new ModelUsage("model-b", 0, 0, 7)),
        }).ToList();
        await Task.WhenAll(calls.Select(c => Task.Run(() => store.AddAsync(c.Task, c.Usage, CancellationToken.None))));

        Assert.InRange(store.AddStatements, 1, calls.Count / 2);
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(Guid TaskId, string Model, long Input, long Output, long Embedding)>(
            "select task_id, model, input_tokens, output_tokens, embedding_tokens from task_usage where tenant_id = @tenant", new { tenant })).ToList();
        Assert.Equal(tasks.Count * 2, rows.Count);
        Assert.All(rows.Where(r => r.Model == "model-a"), r => Assert.Equal((60L, 6L, 0L), (r.Input, r.Output, r.Embedding)));
        Assert.All(rows.Where(r => r.Model == "model-b"), r => Assert.Equal((0L, 0L, 7L), (r.Input, r.Output, r.Embedding)));

        // A later call adds to what is stored.
        await store.AddAsync(tasks[0], new ModelUsage("model-a", 5, 5, 0), CancellationToken.None);
        Assert.Equal((65L, 11L), await connection.QuerySingleAsync<(long, long)>(
            "select input_tokens, output_tokens from task_usage where task_id = @Id and model = 'model-a'", new { tasks[0].Id }));
    }
}
