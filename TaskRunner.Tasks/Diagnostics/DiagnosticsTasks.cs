using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Tasks.Diagnostics;

/// <summary>Task types for checking the platform itself.</summary>
public static class DiagnosticsTasks
{
    /// <summary>A task that only waits and reports progress: for smoke tests, benchmarks and checking that workers are alive.</summary>
    public static readonly TaskDefinition<NoopTaskInput> Noop = TaskDefinition.For<NoopTaskInput>("diagnostics.noop")
        .Then<WaitStep>(TaskQueues.Default);
}
