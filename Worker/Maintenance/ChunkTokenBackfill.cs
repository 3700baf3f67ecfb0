using TaskRunner.Ingestion.Documents;

namespace TaskRunner.Worker.Maintenance;

/// <summary>
/// Fills the keyword tokens of chunks written before migration 0006, in batches, when a Worker starts. The tokens
/// must be exactly what <see cref="ChunkTokenizer"/> gives at query time, so they are made here in C#, not in SQL.
/// Until a chunk is filled it is found by vector search only. Several Workers share the work (skip locked).
/// </summary>
public sealed partial class ChunkTokenBackfill(ChunkStore chunks, ILogger<ChunkTokenBackfill> logger) : BackgroundService
{
    private const int BatchSize = 500;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var total = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                int filled;
                while ((filled = await chunks.BackfillTokensAsync(BatchSize, stoppingToken)) > 0)
                {
                    total += filled;
                }

                if (total > 0)
                {
                    LogFinished(total);
                }

                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex, total);
                await Task.Delay(RetryDelay, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Keyword tokens backfilled for {Count} chunks")]
    private partial void LogFinished(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keyword token backfill failed after {Count} chunks; trying again shortly")]
    private partial void LogFailed(Exception ex, int count);
}
