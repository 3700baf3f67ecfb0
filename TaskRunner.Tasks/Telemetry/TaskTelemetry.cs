using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TaskRunner.Tasks.Telemetry;

/// <summary>
/// Traces and metrics of the task engine: one span per run and per step, and the task counters and histograms that
/// <c>/metrics</c> shows (see README, "Metrics and traces"). Labels are task types, statuses, steps and error codes,
/// never task ids.
/// </summary>
public static class TaskTelemetry
{
    public const string Name = "TaskRunner.Tasks";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Tasks entering a status: queued at submit, running at each claim, then succeeded, failed or canceled.</summary>
    private static readonly Counter<long> Tasks = Meter.CreateCounter<long>("taskrunner.tasks", description: "Tasks entering a status, by type and status.");

    private static readonly Histogram<double> TaskDuration = Meter.CreateHistogram<double>(
        "taskrunner.task.duration", "s", "From a task's first start to its final status, by type and status.");

    private static readonly Histogram<double> PickupLatency = Meter.CreateHistogram<double>(
        "taskrunner.task.pickup.latency", "s", "From submit to the first claim by a Worker, by type.");

    private static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>(
        "taskrunner.step.duration", "s", "One step's run, by type, step and outcome (ok or an error code).");

    private static readonly Histogram<double> DispatchBatchDuration = Meter.CreateHistogram<double>(
        "taskrunner.dispatch.batch.duration", "s", "One batch of the dispatch leader: claiming due tasks and writing their Hangfire jobs.");

    private static readonly Counter<long> DispatchedTasks = Meter.CreateCounter<long>(
        "taskrunner.dispatch.tasks", description: "Tasks the dispatch leader turned into Hangfire jobs.");

    private static readonly Counter<long> Retries = Meter.CreateCounter<long>("taskrunner.task.retries", description: "Failed attempts that will be retried, by type and code.");

    private static readonly Counter<long> Failures = Meter.CreateCounter<long>("taskrunner.task.failures", description: "Tasks failed for good, by type and code.");

    private static readonly Counter<long> EmbeddedChunks = Meter.CreateCounter<long>("taskrunner.embedded.chunks", description: "Chunks embedded and stored as vectors, by model.");

    private static readonly Histogram<double> VectorSearch = Meter.CreateHistogram<double>(
        "taskrunner.vector.search.duration", "s", "One vector search (query embedding included), by outcome.");

    private static readonly UpDownCounter<long> SseStreams = Meter.CreateUpDownCounter<long>("taskrunner.sse.streams", description: "Open task event streams (SSE).");

    /// <summary>Records what a stored task transition means for the counters and histograms.</summary>
    public static void RecordStatus(TaskRecord task)
    {
        Tasks.Add(1, Tag("type", task.Type), Tag("status", task.Status));
        switch (task.RunStatus)
        {
            case TaskRunStatus.Running when task.Runs == 1 && task.StartedAt is { } started:
                PickupLatency.Record(Math.Max(0, (started - task.CreatedAt).TotalSeconds), Tag("type", task.Type));
                break;
            case TaskRunStatus.Succeeded or TaskRunStatus.Failed or TaskRunStatus.Canceled when task.FinishedAt is { } finished:
                TaskDuration.Record(Math.Max(0, (finished - (task.StartedAt ?? task.CreatedAt)).TotalSeconds), Tag("type", task.Type), Tag("status", task.Status));
                break;
        }
    }

    /// <summary>One dispatch batch that turned <paramref name="tasks"/> tasks into jobs in <paramref name="seconds"/> (empty batches are not recorded).</summary>
    public static void RecordDispatchBatch(int tasks, double seconds)
    {
        DispatchBatchDuration.Record(seconds);
        DispatchedTasks.Add(tasks);
    }

    public static void RecordFailure(string type, string code) => Failures.Add(1, Tag("type", type), Tag("code", code));

    public static void RecordRetry(string type, string code) => Retries.Add(1, Tag("type", type), Tag("code", code));

    public static void RecordStep(string type, string step, string outcome, double seconds) =>
        StepDuration.Record(seconds, Tag("type", type), Tag("step", step), Tag("outcome", outcome));

    public static void RecordEmbeddedChunks(string model, int count) => EmbeddedChunks.Add(count, Tag("model", model));

    public static void RecordVectorSearch(string outcome, double seconds) => VectorSearch.Record(seconds, Tag("outcome", outcome));

    /// <summary>Counts an open SSE stream until the returned handle is disposed.</summary>
    public static IDisposable OpenSseStream()
    {
        SseStreams.Add(1);
        return new SseStreamHandle();
    }

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);

    private sealed class SseStreamHandle : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                SseStreams.Add(-1);
            }
        }
    }
}
