using System.Collections.Concurrent;
using System.Diagnostics;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Options;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Jobs;
using TaskRunner.Worker.Tasks;

namespace TaskRunner.Worker.Execution;

/// <summary>
/// Runs claimed tasks whose step waits (<see cref="TaskRunner.Tasks.Pipelines.IWaitingStep"/>) without a thread each:
/// up to <see cref="AsyncExecutorOptions.AsyncConcurrency"/> per queue family at once, each in a DI scope of its own.
/// Hangfire stays the dispatcher and the dashboard's truth: the job that handed a run over stays Processing, and when the
/// run ends the executor elects the job's final state through the same <see cref="TaskJobStatesAttribute"/> mapping a
/// job returning on its thread gets. On shutdown the runs are canceled and requeue their tasks, as Hangfire jobs do.
/// </summary>
public sealed partial class AsyncStepExecutor(
    IServiceScopeFactory scopes,
    IBackgroundJobClient jobs,
    SucceededJobWriter succeeded,
    IOptions<AsyncExecutorOptions> options,
    ILogger<AsyncStepExecutor> logger) : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> slots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, Task> running = new();
    private readonly CancellationTokenSource stopping = new();

    /// <summary>Runs on the executor right now.</summary>
    public int RunningCount => running.Count;

    /// <summary>
    /// Starts the run of <paramref name="task"/> (claimed by Hangfire job <paramref name="jobId"/>) when its queue family
    /// has room; false when full or stopping, and the caller runs the task on its own thread instead.
    /// </summary>
    public bool TryStart(TaskRecord task, string jobId)
    {
        var limit = options.Value.AsyncConcurrency;
        if (limit == 0 || stopping.IsCancellationRequested)
        {
            return false;
        }

        var slot = SlotOf(TaskQueues.FamilyOf(task.Queue));
        if (!slot.Wait(0))
        {
            return false;
        }

        Start(task, jobId, slot, announce: false);
        return true;
    }

    /// <summary>
    /// Waits until queue family <paramref name="family"/> has room for at least one run, then reserves up to
    /// <paramref name="max"/> places at once; 0 when the executor is off or stopping. Each place is then given to
    /// <see cref="StartReserved"/> or back to <see cref="Unreserve"/>.
    /// </summary>
    public async Task<int> ReserveAsync(string family, int max, CancellationToken ct)
    {
        if (options.Value.AsyncConcurrency == 0 || stopping.IsCancellationRequested)
        {
            return 0;
        }

        var slot = SlotOf(family);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping.Token);
        try
        {
            await slot.WaitAsync(both.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return 0;
        }

        var reserved = 1;
        while (reserved < max && slot.Wait(0, CancellationToken.None))
        {
            reserved++;
        }

        return reserved;
    }

    /// <summary>
    /// Reserves up to <paramref name="max"/> places of queue family <paramref name="family"/> without waiting; 0 when it
    /// is full, or the executor is off or stopping. Each place is then given to <see cref="StartReserved"/> or back to
    /// <see cref="Unreserve"/>.
    /// </summary>
    public int TryReserve(string family, int max)
    {
        if (options.Value.AsyncConcurrency == 0 || stopping.IsCancellationRequested)
        {
            return 0;
        }

        var slot = SlotOf(family);
        var reserved = 0;
        while (reserved < max && slot.Wait(0, CancellationToken.None))
        {
            reserved++;
        }

        return reserved;
    }

    /// <summary>Gives back <paramref name="count"/> places reserved with <see cref="ReserveAsync"/> and not used.</summary>
    public void Unreserve(string family, int count)
    {
        if (count > 0)
        {
            SlotOf(family).Release(count);
        }
    }

    /// <summary>
    /// Starts the run of a task claimed by a batch fetch (<see cref="HangfireBatchFetch"/>) or a direct start
    /// (<see cref="HangfireDirectStart"/>) on a place reserved with <see cref="ReserveAsync"/> or <see cref="TryReserve"/>;
    /// the run first announces the start, as a job's own claim does.
    /// </summary>
    public void StartReserved(TaskRecord task, string jobId) => Start(task, jobId, SlotOf(TaskQueues.FamilyOf(task.Queue)), announce: true);

    private SemaphoreSlim SlotOf(string family) =>
        slots.GetOrAdd(family, _ => new SemaphoreSlim(options.Value.AsyncConcurrency, options.Value.AsyncConcurrency));

    private void Start(TaskRecord task, string jobId, SemaphoreSlim slot, bool announce)
    {
        // The run waits for the gate so that it is tracked before it can end; it continues on the pool, not on Hangfire's thread.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        running[task.Id] = RunAsync(task, jobId, slot, announce, gate.Task);
        gate.SetResult();
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Cancels every run (each requeues its task for another Worker) and waits for them to end their jobs.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        try
        {
            await Task.WhenAll(running.Values).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogStopTimedOut(running.Count);
        }
    }

    public void Dispose()
    {
        stopping.Dispose();
        foreach (var slot in slots.Values)
        {
            slot.Dispose();
        }
    }

    private async Task RunAsync(TaskRecord task, string jobId, SemaphoreSlim slot, bool announce, Task gate)
    {
        await gate;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (announce)
            {
                await AnnounceAsync(scope.ServiceProvider.GetRequiredService<TaskTracker>(), task);
            }

            var outcome = await scope.ServiceProvider.GetRequiredService<TaskRun>().RunAsync(task, stopping.Token);
            EndJob(jobId, outcome, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex)
        {
            // Only the run's final bookkeeping can throw (Postgres gone); the heartbeat has stopped, so the reaper requeues it.
            LogRunFailed(ex, task.Id, jobId);
        }
        finally
        {
            slot.Release();
            running.TryRemove(task.Id, out _);
        }
    }

    /// <summary>The start event of a run claimed by a batch fetch; the run goes on without it when it cannot be sent.</summary>
    private async Task AnnounceAsync(TaskTracker tracker, TaskRecord task)
    {
        try
        {
            await tracker.AnnounceStartAsync(task, stopping.Token);
        }
        catch (Exception ex)
        {
            // Stopping too: the run then sees the canceled token at once and requeues its task.
            if (!stopping.IsCancellationRequested)
            {
                LogAnnounceFailed(ex, task.Id);
            }
        }
    }

    /// <summary>
    /// Moves the job to the state of its run's outcome (<see cref="TaskJobStatesAttribute.StateFor"/>); a success goes to
    /// the <see cref="SucceededJobWriter"/>'s next batch.
    /// </summary>
    private void EndJob(string jobId, TaskJobOutcome outcome, long durationMs)
    {
        if (outcome.Kind == TaskJobOutcomeKind.Succeeded)
        {
            succeeded.Add(jobId, new SucceededState(outcome, 0, durationMs));
            return;
        }

        // Hangfire's client is synchronous. Expecting Processing leaves a job that the dashboard or the reaper moved alone.
        // The outcome's own state goes in directly, so the job's history shows no Succeeded it did not have.
        if (!jobs.ChangeState(jobId, TaskJobStatesAttribute.StateFor(outcome, new SucceededState(outcome, 0, durationMs)), ProcessingState.StateName))
        {
            LogJobMoved(jobId, outcome.Kind);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {TaskId} (job {JobId}) ended on the executor without recording its outcome")]
    private partial void LogRunFailed(Exception ex, Guid taskId, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} started without its start event (the estimate or the event failed); it runs on")]
    private partial void LogAnnounceFailed(Exception ex, Guid taskId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobId} was no longer Processing when its run ended ({Outcome}); its state is left as it is")]
    private partial void LogJobMoved(string jobId, TaskJobOutcomeKind outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The async executor stopped with {Count} runs still ending; the reaper requeues their tasks")]
    private partial void LogStopTimedOut(int count);
}
