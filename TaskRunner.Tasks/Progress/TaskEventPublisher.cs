using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using TaskRunner.Tasks;

namespace TaskRunner.Tasks.Progress;

/// <summary>
/// Publishes task events to the task's Redis channel. Progress is best effort: Postgres holds the truth,
/// so a Redis outage is logged and the task carries on; publishing resumes when the connection returns.
/// </summary>
public sealed partial class TaskEventPublisher(RedisConnection redis, ILogger<TaskEventPublisher> logger)
{
    private long lastFailureLogTicks;

    public async Task PublishAsync(TaskEvent taskEvent, CancellationToken ct)
    {
        try
        {
            var connection = await redis.GetAsync(ct);
            if (!connection.IsConnected)
            {
                return;
            }

            var payload = JsonSerializer.Serialize(taskEvent, TaskJson.Options);
            await connection.GetSubscriber().PublishAsync(TaskChannels.For(taskEvent.TaskId), payload, CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            var now = Environment.TickCount64;
            if (now - Interlocked.Read(ref lastFailureLogTicks) > 10_000)
            {
                Interlocked.Exchange(ref lastFailureLogTicks, now);
                LogPublishFailed(ex, taskEvent.TaskId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish an event for task {TaskId} to Redis; clients will see it by polling")]
    private partial void LogPublishFailed(Exception ex, Guid taskId);
}
