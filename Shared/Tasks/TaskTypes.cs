namespace TaskRunner.Shared.Tasks;

/// <summary>The kinds of task, as stored in <c>tasks.type</c>.</summary>
public static class TaskTypes
{
    public const string IngestDocument = "document.ingest";

    /// <summary>A task that only waits and reports progress: for smoke tests, benchmarks and checking that workers are alive.</summary>
    public const string Noop = "diagnostics.noop";
}
