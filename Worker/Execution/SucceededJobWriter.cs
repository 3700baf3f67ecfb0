using System.Globalization;
using System.Threading.Channels;
using Hangfire;
using Hangfire.States;
using Npgsql;
using TaskRunner.Tasks.Jobs;

namespace TaskRunner.Worker.Execution;

/// <summary>
/// Gives the jobs of runs that succeeded on the async executor their Succeeded state, many per statement
/// (<see cref="HangfireBatchSucceed"/>). Hangfire's client moves one job per call, synchronously, under a distributed
/// lock of its own: a thousand generations ending together blocked a thousand pool threads on it. Each run hands its job
/// over and goes; what the batch cannot write (a schema it does not know, a failed statement) goes through Hangfire's
/// client one job at a time, as before. On shutdown it writes what is left after the executor has ended its runs.
/// </summary>
public sealed partial class SucceededJobWriter(
    NpgsqlDataSource dataSource,
    HangfireBatchSucceed batch,
    HangfireSchema schema,
    IBackgroundJobClient jobs,
    JobStorage storage,
    ILogger<SucceededJobWriter> logger) : BackgroundService
{
    private const int MaxBatch = 500;

    private readonly Channel<(string JobId, SucceededState State)> pending =
        Channel.CreateUnbounded<(string, SucceededState)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues the job of a run that succeeded; it leaves Processing with the next batch.</summary>
    public void Add(string jobId, SucceededState state)
    {
        if (!pending.Writer.TryWrite((jobId, state)))
        {
            ChangeOne(jobId, state); // the writer has stopped: the host is ending
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Registered before the executor, so this runs after the executor's runs have ended and handed their jobs over.
        pending.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var items = new List<(string JobId, SucceededState State)>(MaxBatch);

        // Runs until the channel completes, not until the token fires: jobs handed over during shutdown are still written.
        while (await pending.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (items.Count < MaxBatch && pending.Reader.TryRead(out var item))
            {
                items.Add(item);
            }

            await WriteAsync(items);
            items.Clear();
        }
    }

    private async Task WriteAsync(List<(string JobId, SucceededState State)> items)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
            if (await schema.IsSupportedAsync(connection, CancellationToken.None))
            {
                var input = items.Select(i => (long.Parse(i.JobId, CultureInfo.InvariantCulture), i.State)).ToList();
                var moved = await batch.SucceedAsync(connection, input, storage.JobExpirationTimeout, CancellationToken.None);
                if (moved.Count < items.Count)
                {
                    LogLeftAlone(items.Count - moved.Count);
                }

                return;
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            LogBatchFailed(ex, items.Count);
        }

        foreach (var (jobId, state) in items)
        {
            ChangeOne(jobId, state);
        }
    }

    private void ChangeOne(string jobId, SucceededState state)
    {
        try
        {
            jobs.ChangeState(jobId, state, ProcessingState.StateName);
        }
        catch (Exception ex)
        {
            LogJobNotMoved(ex, jobId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Count} jobs were no longer Processing when their runs succeeded; their states are left as they are")]
    private partial void LogLeftAlone(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not move {Count} succeeded jobs in one statement; moving them one at a time")]
    private partial void LogBatchFailed(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} of a succeeded run stays Processing: its state could not be changed")]
    private partial void LogJobNotMoved(Exception ex, string jobId);
}
