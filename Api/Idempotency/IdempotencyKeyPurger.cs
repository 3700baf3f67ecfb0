using Microsoft.Extensions.Options;
using Npgsql;

namespace TaskRunner.Api.Idempotency;

/// <summary>
/// Deletes Idempotency-Key records (and the response bodies they keep for replay) once their 24 hours are over. Every
/// Api runs it; each pass is an indexed DELETE of at most 1000 rows at a time, so running it in several processes is cheap.
/// </summary>
public sealed partial class IdempotencyKeyPurger(IdempotencyStore store, IOptions<IdempotencyOptions> options, ILogger<IdempotencyKeyPurger> logger)
    : BackgroundService
{
    private const int Batch = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.PurgeIntervalSeconds));
        do
        {
            try
            {
                int deleted;
                do
                {
                    deleted = await store.PurgeExpiredAsync(Batch, stoppingToken);
                    if (deleted > 0)
                    {
                        LogPurged(deleted);
                    }
                }
                while (deleted == Batch);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                LogPurgeFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} expired idempotency keys")]
    private partial void LogPurged(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purging expired idempotency keys failed; retrying at the next interval")]
    private partial void LogPurgeFailed(Exception ex);
}
