using Microsoft.Extensions.Logging;
using TaskRunner.Tasks;

namespace TaskRunner.Worker.Tasks;

/// <summary>
/// Beats for a running task while its steps work, and cancels the run when the user asks for it or when the
/// run has lost the task (it was presumed dead and handed to another worker).
/// </summary>
public sealed partial class TaskHeartbeat : IAsyncDisposable
{
    private readonly PeriodicTimer timer;
    private readonly CancellationTokenSource beatInFlight = new();
    private readonly Task loop;
    private volatile bool beating;
    private readonly ILogger logger;

    private TaskHeartbeat(TaskTracker tracker, TaskRecord task, TimeSpan interval, CancellationTokenSource run, ILogger logger)
    {
        this.logger = logger;
        timer = new PeriodicTimer(interval);
        loop = BeatAsync(tracker, task, run);
    }

    public bool CancelRequested { get; private set; }

    public bool OwnershipLost { get; private set; }

    public static TaskHeartbeat Start(TaskTracker tracker, TaskRecord task, TimeSpan interval, CancellationTokenSource run, ILogger logger) =>
        new(tracker, task, interval, run, logger);

    /// <summary>
    /// Stops beating. A disposed timer ends the loop's wait without an exception (every run ends here, and a thrown
    /// cancellation per task was a visible share of the Worker's CPU); only a beat in flight is canceled.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        timer.Dispose();
        if (beating)
        {
            await beatInFlight.CancelAsync();
        }

        await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        beatInFlight.Dispose();
    }

    private async Task BeatAsync(TaskTracker tracker, TaskRecord task, CancellationTokenSource run)
    {
        while (await timer.WaitForNextTickAsync(CancellationToken.None))
        {
            try
            {
                beating = true;
                var state = await tracker.HeartbeatAsync(task.Id, task.Runs, beatInFlight.Token);
                if (state is null)
                {
                    OwnershipLost = true;
                    await run.CancelAsync();
                    return;
                }

                if (state == true)
                {
                    CancelRequested = true;
                    await run.CancelAsync();
                    return;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Postgres may be briefly away; the run goes on and the next beat tries again.
                LogHeartbeatFailed(ex, task.Id);
            }
            finally
            {
                beating = false;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat for task {TaskId} failed")]
    private partial void LogHeartbeatFailed(Exception ex, Guid taskId);
}
