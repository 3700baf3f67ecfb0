using System.Collections.Concurrent;

namespace TaskRunner.Tasks.Jobs;

/// <summary>
/// The Hangfire job and server behind each task job being performed in this process, by dispatch id. The job method
/// only receives ids (its signature is shared with every caller), yet a run handed to the executor must later move
/// its own job to its final state. <see cref="TaskJobContextAttribute"/> fills it around each perform.
/// </summary>
public static class PerformingTaskJobs
{
    private static readonly ConcurrentDictionary<Guid, PerformingTaskJob> Jobs = new();

    public static bool TryGet(Guid dispatchId, out PerformingTaskJob job) => Jobs.TryGetValue(dispatchId, out job!);

    internal static void Add(Guid dispatchId, PerformingTaskJob job) => Jobs[dispatchId] = job;

    internal static void Remove(Guid dispatchId) => Jobs.TryRemove(dispatchId, out _);
}

/// <summary>A Hangfire job being performed: its id and the id of the Hangfire server performing it.</summary>
public sealed record PerformingTaskJob(string JobId, string ServerId);
