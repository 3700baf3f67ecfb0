using System.Collections.Concurrent;
using System.Diagnostics;

namespace TaskRunner.Bench.Measurement;

/// <summary>
/// Runs <c>total</c> operations with <c>concurrency</c> callers in a closed loop (each starts its next operation when
/// the previous one ends) and times every operation. An operation fails by throwing; failures are counted, not timed.
/// </summary>
public static class LoadRunner
{
    public static async Task<LoadResult> RunAsync(int total, int concurrency, Func<int, CancellationToken, Task> operation, CancellationToken ct)
    {
        var latencies = new ConcurrentBag<double>();
        var failed = 0;
        string? firstError = null;
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var callers = Enumerable.Range(0, Math.Min(concurrency, total)).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < total)
            {
                var begin = Stopwatch.GetTimestamp();
                try
                {
                    await operation(index, ct);
                    latencies.Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, ex.Message, null);
                }
            }
        }, ct)).ToArray();
        await Task.WhenAll(callers);
        var wall = Stopwatch.GetElapsedTime(started);
        return new LoadResult(latencies.Count, failed, wall, Percentiles.Of(latencies), firstError);
    }
}
