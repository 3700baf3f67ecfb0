using System.Diagnostics;
using TaskRunner.Bench.Infrastructure;
using TaskRunner.Bench.Measurement;
using TaskRunner.Testing.OpenAi;

namespace TaskRunner.Bench.Scenarios;

/// <summary>Submits N tasks at once and waits for all of them: the wall time of scenario 4 and 4b.</summary>
public static class ConcurrentTasks
{
    /// <summary>
    /// Wall time from the first submit to the last accepted task final; per-task latency is createdAt → finishedAt.
    /// Refused submissions are counted (Failed includes them, FirstError names the first), not waited for. Returns
    /// null when <paramref name="submit"/> answers null (the endpoint does not exist). With <paramref name="llm"/>, the
    /// stages also place its calls (since its last counter reset) on the tasks' timeline; with <paramref name="cpu"/>, they
    /// give each process's CPU per task from the first submit to the last task final (before the tasks are read back).
    /// </summary>
    public static async Task<(TimeSpan Wall, TimeSpan Submit, int Succeeded, int Failed, Percentiles? Latency, string? FirstError, string Stages)?> RunAsync(
        BenchRun run, int n, Func<int, CancellationToken, Task<Guid?>> submit, CancellationToken ct, OpenAiTestServer? llm = null, CpuAccounting? cpu = null)
    {
        var ids = new Guid?[n];
        var refused = new bool[n];
        var started = Stopwatch.GetTimestamp();
        var submitted = await LoadRunner.RunAsync(n, Math.Min(n, 256), async (i, token) =>
        {
            refused[i] = true;
            ids[i] = await submit(i, token);
            refused[i] = false;
        }, ct);
        var submitWall = Stopwatch.GetElapsedTime(started);
        if (Enumerable.Range(0, n).Any(i => ids[i] is null && !refused[i]))
        {
            return null;
        }

        var all = ids.OfType<Guid>().ToArray();
        var (wall, succeeded, failed) = await TaskWaiter.WaitAllFinalAsync(run.Stack.DataSource, all, started, TimeSpan.FromMinutes(5), ct);
        var cpuPerTask = cpu is null ? null : await cpu.DescribeTasksAsync(n, ct);
        var tasks = await TaskWaiter.ReadAllAsync(run.Platform, all, ct);
        var latency = Percentiles.Of(tasks.Select(t => TaskWaiter.Between(t, t => t.CreatedAt, t => t.FinishedAt)).OfType<double>());
        var firstError = submitted.FirstError is { } refusal ? $"{submitted.Failed} submissions refused, first: {refusal}" : failed > 0 ? TaskWaiter.FirstError(tasks) : null;
        var stages = await TaskWaiter.StagesAsync(run.Stack.DataSource, all, ct);
        if (llm is not null)
        {
            stages += "; " + await TaskWaiter.TimelineAsync(run.Stack.DataSource, all, llm.CallTimings, ct);
        }

        if (cpuPerTask is not null)
        {
            stages += "; " + cpuPerTask;
        }

        return (wall, submitWall, succeeded, failed + submitted.Failed, latency, firstError, stages);
    }
}
