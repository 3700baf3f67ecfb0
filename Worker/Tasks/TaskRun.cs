using System.Diagnostics;
using Microsoft.Extensions.Options;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Fencing;
using TaskRunner.Tasks.Jobs;
using TaskRunner.Tasks.Pipelines;
using TaskRunner.Tasks.Telemetry;
using TaskRunner.Tasks.Usage;
using TaskRunner.Worker.Hosting;

namespace TaskRunner.Worker.Tasks;

/// <summary>
/// One run of a claimed task: runs its steps from the first one not completed, beats while it works, hands the task
/// over when the next step lives on another queue, and ends every run in exactly one of succeeded, failed, canceled or
/// requeued. Errors are never thrown; what they mean is decided by <see cref="TaskRetryPolicy"/>, and the returned
/// <see cref="TaskJobOutcome"/> gives the task's Hangfire job its matching state. <see cref="TaskJob"/> runs it on the
/// Hangfire thread, or <see cref="Execution.AsyncStepExecutor"/> on its own, in a scope of its own.
/// </summary>
public sealed partial class TaskRun(
    TaskTracker tracker,
    TaskDispatcher dispatcher,
    TaskRetryPolicy retryPolicy,
    TaskCatalog catalog,
    IServiceProvider services,
    IOptions<WorkerOptions> options,
    UsageStore usage,
    ILogger<TaskRun> logger)
{
    /// <summary>The task type and the step running when the run failed: the step is told if the failure is final.</summary>
    private (TaskDefinition Definition, int Index)? currentStep;

    /// <summary>Runs the task this worker has just claimed; <paramref name="cancellationToken"/> is the host stopping.</summary>
    public async Task<TaskJobOutcome> RunAsync(TaskRecord task, CancellationToken cancellationToken)
    {
        // The run continues the trace of the request that submitted the task, and its steps see the task's token totals.
        using var activity = TaskTelemetry.ActivitySource.StartActivity("task.run", ActivityKind.Consumer, TraceParent.ParseOrDefault(task.TraceParent));
        activity?.SetTag("taskrunner.task.type", task.Type);
        activity?.SetTag("taskrunner.task.id", task.Id);
        activity?.SetTag("taskrunner.task.run", task.Runs);
        // Usage rows are written only by runs, so a first run starts from nothing and needs no query.
        using var usageScope = TaskUsageScope.Begin(task, task.IsFirstRun ? [] : await usage.ListForTaskAsync(task.Id, cancellationToken));
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = TaskHeartbeat.Start(tracker, task, TimeSpan.FromSeconds(options.Value.HeartbeatSeconds), run, logger);
        TaskRunContext? context = null;
        Exception? failure = null;
        string? handedOffTo = null;
        try
        {
            var definition = catalog.TryGet(task.Type, out var known) ? known
                : throw new PermanentTaskException(TaskErrorCodes.UnknownTaskType, $"No task type '{task.Type}' is declared in this Worker.");
            context = definition.CreateContext(task, tracker, logger);
            handedOffTo = await RunStepsAsync(definition, context, run.Token);
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            await heartbeat.DisposeAsync();
        }

        // The run's own token is done with; what follows must happen even while the host shuts down.
        var ct = CancellationToken.None;
        if (failure is null)
        {
            if (handedOffTo is not null)
            {
                return TaskJobOutcome.HandedOff(handedOffTo);
            }

            await tracker.SucceedAsync(task.Id, task.Runs, context!.ResultJson, context.ResultMessage, ct);
            return TaskJobOutcome.Succeeded(context.ResultMessage);
        }

        if (failure is OperationCanceledException && heartbeat.CancelRequested)
        {
            await tracker.ConfirmCanceledAsync(task.Id, task.Runs, ct);
            return TaskJobOutcome.Canceled();
        }

        // A run presumed dead finds out at its next beat (the run's token is canceled) or at its next fenced write,
        // whichever comes first; either way the task is another run's now, so this one writes nothing more.
        if ((failure is OperationCanceledException && heartbeat.OwnershipLost) || failure is StaleRunException)
        {
            LogOwnershipLost(task.Id, task.Runs);
            return TaskJobOutcome.Superseded("This run lost its claim (its worker was presumed dead); another run owns the task.");
        }

        if (failure is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            LogShutdownRequeue(task.Id);
            var next = await tracker.RequeueAsync(task.Id, task.Runs, new TaskRequeue("The worker stopped; the task will resume on another worker.") { Handoff = true }, ct)
                is null ? null : await dispatcher.DispatchAsync(task.Id, ct);
            return TaskJobOutcome.Superseded($"The worker stopped; the task was handed to job {next ?? "(next sweep)"}.");
        }

        return await HandleFailureAsync(task, context, failure, ct);
    }

    /// <summary>Runs steps in order; returns the queue the task was handed to, or null when every step ran here.</summary>
    private async Task<string?> RunStepsAsync(TaskDefinition definition, TaskRunContext context, CancellationToken ct)
    {
        var task = context.Task;
        var pipeline = definition.Steps;
        for (var index = task.Step; index < pipeline.Count; index++)
        {
            var step = pipeline[index];
            var queue = TaskQueues.ForPriority(step.Queue, task.RunPriority);
            if (queue != task.Queue)
            {
                // Not canceled half-way: once the task is queued for the next step it is no longer this run's, so the
                // heartbeat's next beat cancels the run's token, and a dispatch cut short by that would leave the task
                // waiting for the sweep and this run looking lost.
                var requeue = new TaskRequeue($"Waiting for a worker on queue '{queue}'.") { Step = index, Queue = queue, Stage = step.Name, Handoff = true };
                if (await tracker.RequeueAsync(task.Id, task.Runs, requeue, CancellationToken.None) is not null)
                {
                    await dispatcher.DispatchAsync(task.Id, CancellationToken.None);
                }

                return step.Queue;
            }

            currentStep = (definition, index);
            await RunStepAsync(definition, index, context, ct);
            currentStep = null;
            if (index + 1 < pipeline.Count)
            {
                // Checkpoint for a retry or the next queue; after the last step, succeeding records the result.
                await tracker.CompleteStepAsync(task.Id, task.Runs, index + 1, context.ResultJson, ct);
            }
        }

        return null;
    }

    /// <summary>One step in its own span, its duration recorded by outcome (ok, canceled or the error code).</summary>
    private async Task RunStepAsync(TaskDefinition definition, int index, TaskRunContext context, CancellationToken ct)
    {
        var name = definition.Steps[index].Name;
        using var activity = TaskTelemetry.ActivitySource.StartActivity("task.step " + name);
        activity?.SetTag("taskrunner.task.type", definition.Name);
        activity?.SetTag("taskrunner.step", name);
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            await definition.RunStepAsync(services, index, context, ct);
        }
        catch (Exception ex)
        {
            outcome = ex is OperationCanceledException ? "canceled" : TaskRetryPolicy.Classify(ex).Error.Code;
            activity?.SetStatus(ActivityStatusCode.Error, outcome);
            throw;
        }
        finally
        {
            TaskTelemetry.RecordStep(definition.Name, name, outcome, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private async Task<TaskJobOutcome> HandleFailureAsync(TaskRecord task, TaskRunContext? context, Exception failure, CancellationToken ct)
    {
        var decision = retryPolicy.Decide(failure, task.Attempts);
        if (!decision.Retry)
        {
            LogFailed(failure, task.Id, decision.Error.Code);

            // The step records the failure on its own rows (a document's status, say) while this run still owns the
            // task, so a client that sees the task failed also sees them failed; its writes hold the run's fence.
            if (currentStep is { } step && context is not null)
            {
                try
                {
                    await step.Definition.OnStepFailedAsync(services, step.Index, task, decision.Error, context.Fence, ct);
                }
                catch (Exception ex)
                {
                    LogOnFailedFailed(ex, task.Id, step.Definition.Steps[step.Index].Name);
                }
            }

            await tracker.FailAsync(task.Id, task.Runs, decision.Error, ct);

            return TaskJobOutcome.Failed(decision.Error);
        }

        LogRetrying(failure, task.Id, task.Attempts, decision.Delay.TotalSeconds);
        TaskTelemetry.RecordRetry(task.Type, decision.Error.Code);
        var requeued = await tracker.RequeueAsync(task.Id, task.Runs, new TaskRequeue($"Attempt {task.Attempts} failed ({decision.Error.Code}); retrying in {decision.Delay.TotalSeconds:0.#} s.")
        {
            LastError = decision.Error,
            Delay = decision.Delay,
        }, ct);

        // The retry waits as a Hangfire scheduled job, so the dashboard shows it Scheduled; this job's run is over.
        var next = requeued is null ? null : await dispatcher.ScheduleAsync(task.Id, ct);
        return TaskJobOutcome.Superseded($"Attempt {task.Attempts} failed ({decision.Error.Code}); the retry is job {next ?? "(next sweep)"}.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} run {Run} lost its claim (presumed dead); stopping without writing")]
    private partial void LogOwnershipLost(Guid taskId, int run);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker stopping: task {TaskId} requeued")]
    private partial void LogShutdownRequeue(Guid taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} attempt {Attempt} failed; retrying in {DelaySeconds} s")]
    private partial void LogRetrying(Exception ex, Guid taskId, int attempt, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {TaskId} failed, and step {Step} could not record the failure")]
    private partial void LogOnFailedFailed(Exception ex, Guid taskId, string step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} failed with {Code}")]
    private partial void LogFailed(Exception ex, Guid taskId, string code);
}
