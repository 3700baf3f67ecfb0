using Microsoft.Extensions.Logging;

namespace TaskRunner.Tasks.Pipelines;

/// <summary>What a step sees of its task: the row, progress reporting, and where it leaves its result.</summary>
public abstract partial class TaskRunContext(TaskRecord task, TaskTracker tracker, TimeSpan persistEvery, ILogger logger)
{
    private string? lastStage;
    private long lastPersistTicks;

    public TaskRecord Task { get; } = task;

    public Guid TaskId => Task.Id;

    /// <summary>What every data write of a step holds, so only the run that owns the task can write.</summary>
    public Fencing.TaskFence Fence => field ??= tracker.FenceOf(Task);

    /// <summary>The JSON the task ends with; set by the last step that has something to say.</summary>
    public string? ResultJson { get; set; } = task.Result;

    public string? ResultMessage { get; set; }

    /// <summary>The document a document task works on; a task without one fails with <c>document_missing</c>.</summary>
    public Guid RequireDocumentId() =>
        Task.DocumentId ?? throw new PermanentTaskException(TaskErrorCodes.DocumentMissing, "The task names no document.");

    /// <summary>
    /// Publishes progress at once; writes it to Postgres on every stage change and at most once per interval otherwise.
    /// The step does not wait for the row's write (it goes with other runs' reports, <see cref="TaskTracker.WriteProgressAsync"/>):
    /// a write that lands after the run moved on matches no row, and one that fails is logged and retried with the next report.
    /// </summary>
    public async Task ReportAsync(string stage, double progress, string? message, CancellationToken ct)
    {
        var now = Environment.TickCount64;
        var persist = stage != lastStage || now - lastPersistTicks >= persistEvery.TotalMilliseconds;
        if (persist)
        {
            lastStage = stage;
            lastPersistTicks = now;
            _ = ObserveAsync(tracker.WriteProgressAsync(Task, stage, (float)progress, message, CancellationToken.None));
        }

        try
        {
            await tracker.PublishProgressAsync(Task, stage, (float)progress, message, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Progress is best effort: a blip must not fail the work (or be mistaken for a bad file by a parser).
            LogProgressLost(ex, Task.Id);
        }
    }

    /// <summary>Waits for a progress row's write off the step's path; a failure is logged and the next report writes again.</summary>
    private async Task ObserveAsync(Task write)
    {
        try
        {
            await write;
        }
        catch (Exception ex)
        {
            lastPersistTicks = 0;
            LogProgressLost(ex, Task.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Progress of task {TaskId} could not be recorded; the step goes on")]
    private partial void LogProgressLost(Exception ex, Guid taskId);

    public Task PublishTextAsync(string text, CancellationToken ct) => tracker.PublishTokensAsync(Task.Id, Task.Runs, text, ct);
}

/// <summary>A run of a task whose input is <typeparamref name="TInput"/>, read once when the run starts.</summary>
public sealed class TaskRunContext<TInput>(TaskRecord task, TInput input, TaskTracker tracker, TimeSpan persistEvery, ILogger logger)
    : TaskRunContext(task, tracker, persistEvery, logger)
    where TInput : class
{
    public TInput Input { get; } = input;
}
