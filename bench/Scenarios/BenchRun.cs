using System.Collections.Concurrent;
using TaskRunner.Bench.Infrastructure;
using TaskRunner.Bench.References;

namespace TaskRunner.Bench.Scenarios;

/// <summary>What every scenario gets: the sizes, the running stack, a client for the Api and for the bare reference endpoint.</summary>
public sealed record BenchRun(BenchOptions Options, BenchStack Stack, PlatformClient Platform, BareEndpoint Bare, HttpClient BareClient)
{
    /// <summary>Task ids created by the enqueue scenario, polled by the status scenario.</summary>
    public ConcurrentBag<Guid> EnqueuedTaskIds { get; } = [];

    /// <summary>Row ids inserted by the bare endpoint, selected by the status scenario's reference.</summary>
    public ConcurrentBag<Guid> ReferenceRowIds { get; } = [];
}
