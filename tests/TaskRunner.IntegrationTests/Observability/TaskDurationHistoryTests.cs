using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Estimates;

namespace TaskRunner.IntegrationTests.Observability;

/// <summary>The duration history behind every ETA is read from Postgres once per expiry, however many runs start at once.</summary>
[Collection(PlatformCollection.Name)]
public sealed class TaskDurationHistoryTests(PlatformFixture platform)
{
    [Fact]
    public async Task Two_hundred_runs_starting_together_read_the_history_of_their_type_once()
    {
        await using var dataSource = NpgsqlDataSource.Create(platform.ConnectionString);
        var history = new TaskDurationHistory(dataSource);
        var tasks = Enumerable.Range(0, 200)
            .Select(i => new TaskRecord { Id = Guid.NewGuid(), Type = "exercise.generate", Input = $"{{\"topic\":\"burst {i}\"}}" })
            .ToList();

        await Task.WhenAll(tasks.Select(async task => await history.TypicalSecondsAsync(task, CancellationToken.None)));
        Assert.Equal(1, history.Reads);

        // Another type has its own entry.
        await history.TypicalSecondsAsync(new TaskRecord { Id = Guid.NewGuid(), Type = "llm.prompt", Input = "{}" }, CancellationToken.None);
        Assert.Equal(2, history.Reads);
    }
}
