using StackExchange.Redis;

namespace TaskRunner.Tasks.Progress;

/// <summary>Names of the Redis pub/sub channels that carry task events.</summary>
public static class TaskChannels
{
    public static RedisChannel For(Guid taskId) => RedisChannel.Literal($"taskrunner:tasks:{taskId:N}");
}
