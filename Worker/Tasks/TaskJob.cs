using Microsoft.Extensions.Options;
using TaskRunner.Shared.Tasks;
using TaskRunner.Worker.Hosting;

namespace TaskRunner.Worker.Tasks;

/// <summary>
/// Runs a task's pipeline: claims the task, runs its steps from the first one not completed, beats while it
/// works, hands the task over when the next step lives on another queue, and ends every run in exactly one of
/// succeeded, failed, canceled or requeued. Errors are never thrown to Hangfire; what they mean is decided by
/// <see cref="TaskRetryPolicy"/>.
/// </summary>
public sealed partial class TaskJob(
    TaskTracker tracker,
    TaskDispatcher dispatcher,
    TaskRetryPolicy retryPolicy,
    IEnumerable<IPipelineStep> steps,
    IOptions<WorkerOptions> options,
    WorkerIdentity identity,
    ILogger<TaskJob> logger) : ITaskJob
{
    private readonly Dictionary<string, IPipelineStep> stepsByName = steps.ToDictionary(s => s.Name, StringComparer.Ordinal);

    /// <summary>The step running when the run failed, told if the failure is final.</summary>
    private IPipelineStep? currentStep;

    public async Task RunAsync(Guid taskId, Guid dispatchId, CancellationToken cancellationToken)
    {
        var task = await tracker.TryStartAsync(taskId, dispatchId, identity.Id, cancellationToken);
        if (task is null)
        {
            LogNotClaimed(taskId, dispatchId);
            return;
        }

        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = TaskHeartbeat.Start(tracker, task, TimeSpan.FromSeconds(options.Value.HeartbeatSeconds), run, logger);
        var context = new TaskRunContext(task, tracker, TimeSpan.FromSeconds(1), logger);
        Exception? failure = null;
        var handedOff = false;
        try
        {
            handedOff = await RunStepsAsync(context, run.Token);
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
            if (!handedOff)
            {
                await tracker.SucceedAsync(task.Id, task.Runs, context.ResultJson, context.ResultMessage, ct);
            }
        }
        else if (failure is OperationCanceledException && heartbeat.CancelRequested)
        {
            await tracker.ConfirmCanceledAsync(task.Id, task.Runs, ct);
        }
        else if (failure is OperationCanceledException && heartbeat.OwnershipLost)
        {
            LogOwnershipLost(task.Id, task.Runs);
        }
        else if (failure is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            LogShutdownRequeue(task.Id);
            if (await tracker.RequeueAsync(task.Id, task.Runs, new TaskRequeue("The worker stopped; the task will resume on another worker.") { Handoff = true }, ct) is not null)
            {
                await dispatcher.DispatchAsync(task.Id, ct);
            }
        }
        else
        {
            await HandleFailureAsync(task, failure, ct);
        }
    }

    /// <summary>Runs steps in order; returns true when the task was handed to another queue.</summary>
    private async Task<bool> RunStepsAsync(TaskRunContext context, CancellationToken ct)
    {
        var task = context.Task;
        var pipeline = TaskPipelines.StepsOf(task.Type);
        for (var index = task.Step; index < pipeline.Count; index++)
        {
            var definition = pipeline[index];
            if (definition.Queue != task.Queue)
            {
                var requeue = new TaskRequeue($"Waiting for a worker on queue '{definition.Queue}'.") { Step = index, Queue = definition.Queue, Stage = definition.Name, Handoff = true };
                if (await tracker.RequeueAsync(task.Id, task.Runs, requeue, ct) is not null)
                {
                    await dispatcher.DispatchAsync(task.Id, ct);
                }

                return true;
            }

            if (!stepsByName.TryGetValue(definition.Name, out var step))
            {
                throw new PermanentTaskException("unknown_step", $"No worker step named '{definition.Name}' is registered.");
            }

            currentStep = step;
            await step.RunAsync(context, ct);
            currentStep = null;
            if (index + 1 < pipeline.Count)
            {
                // Checkpoint for a retry or the next queue; after the last step, succeeding records the result.
                await tracker.CompleteStepAsync(task.Id, task.Runs, index + 1, context.ResultJson, ct);
            }
        }

        return false;
    }

    private async Task HandleFailureAsync(TaskRecord task, Exception failure, CancellationToken ct)
    {
        var decision = retryPolicy.Decide(failure, task.Attempts);
        if (decision.Retry)
        {
            LogRetrying(failure, task.Id, task.Attempts, decision.Delay.TotalSeconds);
            await tracker.RequeueAsync(task.Id, task.Runs, new TaskRequeue($"Attempt {task.Attempts} failed ({decision.Error.Code}); retrying in {decision.Delay.TotalSeconds:0.#} s.")
            {
                LastError = decision.Error,
                Delay = decision.Delay,
            }, ct);
        }
        else
        {
            LogFailed(failure, task.Id, decision.Error.Code);
            await tracker.FailAsync(task.Id, task.Runs, decision.Error, ct);
            if (currentStep is { } step)
            {
                try
                {
                    await step.OnFailedAsync(task, decision.Error, ct);
                }
                catch (Exception ex)
                {
                    LogOnFailedFailed(ex, task.Id, step.Name);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} not started by dispatch {DispatchId}: already taken, final, canceled or re-dispatched")]
    private partial void LogNotClaimed(Guid taskId, Guid dispatchId);

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
