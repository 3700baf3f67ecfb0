using System.Collections.Concurrent;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Generation.Llm;

/// <summary>
/// A priority wait queue in front of the shared limiter. Within this process at most <c>limit</c> callers per resource
/// go on to the shared (Redis) limiter; the others wait here, and a freed place goes to the waiter of the highest
/// <see cref="AmbientTaskPriority"/> (the running task's priority), first come first served within a priority. So a
/// high-priority task that starts while low-priority ones wait for LLM slots takes the next free slot. Across
/// processes the shared limiter serves whoever polls first; each process sends its most urgent work.
/// </summary>
public sealed class PriorityConcurrencyLimiter(ILlmConcurrencyLimiter inner) : ILlmConcurrencyLimiter
{
    private readonly ConcurrentDictionary<string, Lane> lanes = new(StringComparer.Ordinal);

    public async ValueTask<IAsyncDisposable> AcquireAsync(string resource, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ct.ThrowIfCancellationRequested();
        var lane = lanes.GetOrAdd($"{resource}:{limit}", _ => new Lane(limit));
        var waiter = lane.EnterOrQueue(AmbientTaskPriority.Current);
        if (waiter is not null)
        {
            await using (ct.Register(static w => ((Waiter)w!).Signal.TrySetCanceled(), waiter))
            {
                await waiter.Signal.Task;
            }
        }

        try
        {
            var lease = await inner.AcquireAsync(resource, limit, ct);
            return new Lease(lane, lease);
        }
        catch
        {
            lane.Leave();
            throw;
        }
    }

    /// <summary>How many callers wait here for <paramref name="resource"/> (for tests and diagnostics).</summary>
    public int WaitingFor(string resource, int limit) => lanes.TryGetValue($"{resource}:{limit}", out var lane) ? lane.Waiting : 0;

    private sealed class Waiter
    {
        public TaskCompletionSource Signal { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Lane(int limit)
    {
        private readonly Lock sync = new();
        private readonly PriorityQueue<Waiter, (int Priority, long Order)> queue = new();
        private int free = limit;
        private long order;

        public int Waiting
        {
            get
            {
                lock (sync)
                {
                    return queue.UnorderedItems.Count(w => !w.Element.Signal.Task.IsCompleted);
                }
            }
        }

        /// <summary>Takes a place at once (null) or queues a waiter that is signalled when a place is its turn.</summary>
        public Waiter? EnterOrQueue(TaskPriority priority)
        {
            lock (sync)
            {
                if (free > 0)
                {
                    free--;
                    return null;
                }

                var waiter = new Waiter();
                queue.Enqueue(waiter, (-(int)priority, order++));
                return waiter;
            }
        }

        /// <summary>Hands the place to the most urgent waiter still waiting (cancelled ones are skipped), or frees it.</summary>
        public void Leave()
        {
            lock (sync)
            {
                while (queue.TryDequeue(out var next, out _))
                {
                    if (next.Signal.TrySetResult())
                    {
                        return;
                    }
                }

                free++;
            }
        }
    }

    private sealed class Lease(Lane lane, IAsyncDisposable inner) : IAsyncDisposable
    {
        private int disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 1)
            {
                return;
            }

            try
            {
                await inner.DisposeAsync();
            }
            finally
            {
                lane.Leave();
            }
        }
    }
}
