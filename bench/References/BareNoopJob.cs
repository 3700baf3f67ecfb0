using System.Collections.Concurrent;
using System.Diagnostics;

namespace TaskRunner.Bench.References;

/// <summary>The reference job: does nothing but note when it started relative to when it was enqueued.</summary>
public sealed class BareNoopJob
{
    public static ConcurrentBag<double> StartLatenciesMs { get; } = [];

    public static long LastFinishedTimestamp;

    public static int Finished;

    /// <summary>Hangfire serialises the argument; it is a Stopwatch timestamp from the same process.</summary>
    public void Run(long enqueuedTimestamp)
    {
        StartLatenciesMs.Add(Stopwatch.GetElapsedTime(enqueuedTimestamp).TotalMilliseconds);
        Interlocked.Exchange(ref LastFinishedTimestamp, Stopwatch.GetTimestamp());
        Interlocked.Increment(ref Finished);
    }

    public static void Reset()
    {
        StartLatenciesMs.Clear();
        Interlocked.Exchange(ref Finished, 0);
    }
}
