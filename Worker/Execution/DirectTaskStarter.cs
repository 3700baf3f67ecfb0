using Microsoft.Extensions.Options;
using Npgsql;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Jobs;
using TaskRunner.Tasks.Options;
using TaskRunner.Worker.Hosting;

namespace TaskRunner.Worker.Execution;

/// <summary>
/// Lets the dispatch leader start due llm tasks on this Worker's own executor, before it queues the rest of the outbox
/// (<see cref="AsyncExecutorOptions.DirectStart"/>). It takes only what the executor has room for at that moment
/// (<see cref="AsyncStepExecutor.TryReserve"/>), so other Workers' fetchers still get every task beyond it. One statement
/// (<see cref="HangfireDirectStart"/>) claims the tasks and creates their jobs Processing on this Worker's llm server.
/// </summary>
public sealed partial class DirectTaskStarter(
    AsyncStepExecutor executor,
    HangfireDirectStart directStart,
    HangfireSchema schema,
    IOptions<WorkerOptions> worker,
    IOptions<AsyncExecutorOptions> options,
    WorkerIdentity identity,
    ILogger<DirectTaskStarter> logger)
{
    private readonly HangfireServerPlan? plan = options.Value.DirectStart ? BatchJobFetcher.ExecutorPlan(worker.Value, options.Value) : null;
    private string? serverId;

    /// <summary>
    /// Starts up to <paramref name="limit"/> due llm tasks of the outbox on this Worker's executor, using the leader's
    /// <paramref name="connection"/>; returns how many started (0 when off, full, or nothing waits).
    /// </summary>
    public async Task<int> StartAsync(NpgsqlConnection connection, int limit, CancellationToken ct)
    {
        if (plan is null || !await schema.IsSupportedAsync(connection, ct))
        {
            return 0;
        }

        var room = executor.TryReserve(TaskQueues.Llm, limit);
        if (room == 0)
        {
            return 0;
        }

        var unused = room;
        try
        {
            serverId ??= await BatchJobFetcher.ServerIdAsync(connection, plan.ServerNameFor(identity.Id), ct);

            // Not canceled half-way: what is claimed is started (a shutdown waits for one statement).
            var started = await directStart.StartAsync(connection, plan.Queues, room, identity.Id, serverId ?? plan.ServerNameFor(identity.Id), CancellationToken.None);
            foreach (var job in started)
            {
                executor.StartReserved(job.Task, job.JobId);
                unused--;
            }

            if (started.Count > 0)
            {
                LogStarted(started.Count);
            }

            return started.Count;
        }
        finally
        {
            executor.Unreserve(TaskQueues.Llm, unused);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Started {Count} tasks from the outbox directly on this Worker's executor")]
    private partial void LogStarted(int count);
}
