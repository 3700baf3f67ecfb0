using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TaskRunner.Tasks.Progress;

namespace TaskRunner.Generation.Llm.Stats;

/// <summary>
/// LLM call samples shared by every process through Redis: each Worker pushes a sample per finished call onto a
/// capped list per model (fire and forget: the call never waits for Redis); the Api reads the lists and computes the
/// figures of the window. A Redis outage loses samples, never a call.
/// </summary>
public sealed partial class RedisLlmCallLog(RedisConnection redis, IOptions<LlmStatsOptions> options, ILogger<RedisLlmCallLog> logger) : ILlmCallRecorder
{
    private const string ModelsKey = "taskrunner:llm:stats:models";
    private const string SamplesKeyPrefix = "taskrunner:llm:stats:calls:";

    public async ValueTask RecordAsync(LlmCallSample sample, CancellationToken ct)
    {
        try
        {
            var db = (await redis.GetAsync(ct)).GetDatabase();
            var key = (RedisKey)(SamplesKeyPrefix + sample.Model);
            var batch = db.CreateBatch();
            _ = batch.SetAddAsync(ModelsKey, sample.Model, CommandFlags.FireAndForget);
            _ = batch.ListLeftPushAsync(key, JsonSerializer.Serialize(sample), flags: CommandFlags.FireAndForget);
            _ = batch.ListTrimAsync(key, 0, options.Value.MaxSamplesPerModel - 1, CommandFlags.FireAndForget);
            _ = batch.KeyExpireAsync(key, TimeSpan.FromSeconds(options.Value.WindowSeconds * 2), CommandFlags.FireAndForget);
            batch.Execute();
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException or TimeoutException)
        {
            LogRecordFailed(ex, sample.Model);
        }
    }

    /// <summary>The figures of every model over the configured window.</summary>
    public async Task<LlmStatsSnapshot> ReadAsync(CancellationToken ct)
    {
        var db = (await redis.GetAsync(ct)).GetDatabase();
        var samples = new List<LlmCallSample>();
        foreach (var model in await db.SetMembersAsync(ModelsKey))
        {
            var values = await db.ListRangeAsync(SamplesKeyPrefix + model);
            if (values.Length == 0)
            {
                await db.SetRemoveAsync(ModelsKey, model);
                continue;
            }

            samples.AddRange(values.Select(v => JsonSerializer.Deserialize<LlmCallSample>(v.ToString())).OfType<LlmCallSample>());
        }

        return LlmStatsSnapshot.From(samples, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(options.Value.WindowSeconds));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "A sample of an LLM call to {Model} could not be recorded in Redis")]
    private partial void LogRecordFailed(Exception ex, string model);
}
