using System.Diagnostics;
using TaskRunner.Client;

namespace TaskRunner.Bench.Infrastructure;

/// <summary>
/// "Start a Worker, submit N tasks, wait for all of them, read them": a Worker process on the given queues for as long
/// as the session lives, and rounds of work on it. Each round's wall time runs from its start (or an earlier timestamp
/// the scenario gives, when part of the work was queued before the Worker started) to the last task final, as seen
/// by counting final rows in Postgres; the tasks are then read through the generated client.
/// </summary>
public sealed class WorkerSession : IAsyncDisposable
{
    private readonly BenchStack stack;
    private readonly PlatformClient platform;
    private readonly ChildProcess worker;

    private WorkerSession(BenchStack stack, PlatformClient platform, ChildProcess worker)
    {
        this.stack = stack;
        this.platform = platform;
        this.worker = worker;
    }

    /// <summary>Starts a Worker serving <paramref name="queues"/> with <paramref name="jobs"/> jobs at once and waits until it fetches work.</summary>
    public static async Task<WorkerSession> StartAsync(BenchStack stack, PlatformClient platform, string queues, int jobs, CancellationToken ct,
        IReadOnlyDictionary<string, string>? settings = null) =>
        new(stack, platform, await stack.StartWorkerAsync(queues, jobs, ct, settings));

    /// <summary>
    /// Runs <paramref name="submit"/> (which returns the ids of every task to wait for), waits until they are all final
    /// and reads them. <paramref name="startedTimestamp"/>: where the wall time starts (default: now).
    /// </summary>
    public async Task<WorkerRound> RunAsync(Func<CancellationToken, Task<IReadOnlyCollection<Guid>>> submit, TimeSpan timeout, CancellationToken ct,
        long? startedTimestamp = null)
    {
        var started = startedTimestamp ?? Stopwatch.GetTimestamp();
        var ids = await submit(ct);
        var (wall, succeeded, failed) = await TaskWaiter.WaitAllFinalAsync(stack.DataSource, ids, started, timeout, ct);
        var tasks = await TaskWaiter.ReadAllAsync(platform, ids, ct);
        return new WorkerRound(wall, tasks, succeeded, failed);
    }

    public async ValueTask DisposeAsync() => await stack.StopWorkerAsync(worker);
}
