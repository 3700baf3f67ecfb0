using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using TaskRunner.Tasks;

namespace TaskRunner.Tasks.Progress;

/// <summary>Subscribes to a task's Redis channel. Returns null when Redis is unreachable, so callers fall back to polling.</summary>
public sealed partial class TaskEventSubscriber(RedisConnection redis, ILogger<TaskEventSubscriber> logger)
{
    public async Task<IAsyncDisposable?> TrySubscribeAsync(Guid taskId, ChannelWriter<TaskEvent> events, CancellationToken ct)
    {
        try
        {
            var connection = await redis.GetAsync(ct);
            if (!connection.IsConnected)
            {
                return null;
            }

            // A message queue handled by OnMessage delivers in publish order; plain handlers may run concurrently
            // and reorder progress events.
            var queue = await connection.GetSubscriber().SubscribeAsync(TaskChannels.For(taskId));
            queue.OnMessage(message =>
            {
                if (message.Message.IsNullOrEmpty)
                {
                    return;
                }

                try
                {
                    if (JsonSerializer.Deserialize<TaskEvent>(message.Message.ToString(), TaskJson.Options) is { } taskEvent)
                    {
                        events.TryWrite(taskEvent);
                    }
                }
                catch (JsonException ex)
                {
                    LogBadMessage(ex, taskId);
                }
            });
            return new Subscription(queue);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogSubscribeFailed(ex, taskId);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring a malformed event on the channel of task {TaskId}")]
    private partial void LogBadMessage(Exception ex, Guid taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to events of task {TaskId}; polling Postgres instead")]
    private partial void LogSubscribeFailed(Exception ex, Guid taskId);

    private sealed class Subscription(ChannelMessageQueue queue) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await queue.UnsubscribeAsync();
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // The connection is gone, and the subscription with it.
            }
        }
    }
}
