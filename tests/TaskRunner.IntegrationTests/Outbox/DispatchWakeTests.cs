using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Tasks.Outbox;

namespace TaskRunner.IntegrationTests.Outbox;

/// <summary>The submit's NOTIFY left its insert statement (it serialised commits) but still follows every commit.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DispatchWakeTests(PlatformFixture platform)
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task A_submit_is_announced_on_the_dispatch_channel_once_its_task_is_committed()
    {
        await using var listener = new NpgsqlConnection(platform.ConnectionString);
        await listener.OpenAsync();
        var notifications = 0;
        listener.Notification += (_, e) =>
        {
            if (e.Channel == TaskOutbox.Channel)
            {
                Interlocked.Increment(ref notifications);
            }
        };
        await listener.ExecuteAsync($"listen {TaskOutbox.Channel}");

        var taskId = (await api.SubmitNoopAsync(0, 1)).TaskId;

        // Other work may notify too; the test waits for a notification that finds the task committed. Only the
        // submit's own wake-up can be it when nothing else notifies, and the poll fallback never notifies.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var announced = false;
        while (!announced && DateTime.UtcNow < deadline)
        {
            if (Interlocked.Exchange(ref notifications, 0) > 0)
            {
                announced = await listener.ExecuteScalarAsync<bool>("select exists (select 1 from tasks where id = @taskId)", new { taskId });
                continue;
            }

            await listener.WaitAsync(TimeSpan.FromSeconds(1));
        }

        Assert.True(announced, "No NOTIFY on the dispatch channel followed the submit's commit.");
    }
}
