using Microsoft.Extensions.Logging;
using TaskRunner.Tasks;

namespace TaskRunner.Worker.Tasks;

/// <summary>
/// Beats for a running task while its steps work, and cancels the run when the user asks for it or when the
/// run has lost the task (it was presumed dead and handed to another worker).
/// </summary>
public sealed partial class TaskHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly ILogger logger;

    private TaskHeartbeat(TaskTracker tracker, TaskRecord task, TimeSpan interval, CancellationTokenSource run, ILogger logger)
    {
        this.logger = logger;
        loop = BeatAsync(tracker, task, interval, run);
    }

    public bool CancelRequested { get; private set; }

    public bool OwnershipLost { get; private set; }

    public static TaskHeartbeat Start(TaskTracker tracker, TaskRecord task, TimeSpan interval, CancellationTokenSource run, ILogger logger) =>
        new(tracker, task, interval, run, logger);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }

    private async Task BeatAsync(TaskTracker tracker, TaskRecord task, TimeSpan interval, CancellationTokenSource run)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stop.Token))
        {
            try
            {
                var state = await tracker.HeartbeatAsync(task.Id, task.Runs, stop.Token);
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
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat for task {TaskId} failed")]
    private partial void LogHeartbeatFailed(Exception ex, Guid taskId);
}
