using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using TaskRunner.Shared.Tasks;

namespace TaskRunner.Shared.Progress;

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

            var subscriber = connection.GetSubscriber();
            var channel = TaskChannels.For(taskId);
            Action<RedisChannel, RedisValue> handler = (_, message) =>
            {
                if (message.IsNullOrEmpty)
                {
                    return;
                }

                try
                {
                    if (JsonSerializer.Deserialize<TaskEvent>(message.ToString(), TaskJson.Options) is { } taskEvent)
                    {
                        events.TryWrite(taskEvent);
                    }
                }
                catch (JsonException ex)
                {
                    LogBadMessage(ex, taskId);
                }
            };
            await subscriber.SubscribeAsync(channel, handler);
            return new Subscription(subscriber, channel, handler);
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

    private sealed class Subscription(ISubscriber subscriber, RedisChannel channel, Action<RedisChannel, RedisValue> handler) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await subscriber.UnsubscribeAsync(channel, handler);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // The connection is gone, and the subscription with it.
            }
        }
    }
}
