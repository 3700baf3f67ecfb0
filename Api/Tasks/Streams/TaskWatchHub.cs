using System.Threading.Channels;
using Microsoft.Extensions.Options;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Progress;

namespace TaskRunner.Api.Tasks.Streams;

/// <summary>
/// The process's task watches: many clients watching the same task share one <see cref="TaskWatch"/>, so the number of
/// Redis subscriptions and Postgres polls grows with the tasks watched, not with the clients.
/// </summary>
public sealed class TaskWatchHub(TaskStore store, TaskTracker tracker, TaskEventSubscriber subscriber, IOptions<SseOptions> options, ILogger<TaskWatchHub> logger)
{
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, TaskWatch> watches = [];

    /// <summary>How many watches (pollers) run, and how many clients the watch of <paramref name="taskId"/> serves.</summary>
    public (int Watches, int ListenersOfTask) Count(Guid taskId)
    {
        lock (gate)
        {
            return (watches.Count, watches.TryGetValue(taskId, out var watch) ? watch.Listeners : 0);
        }
    }

    /// <summary>Joins the task's watch, starting one when none runs; events published after this returns reach the listener.</summary>
    public async Task<TaskWatchListener> JoinAsync(Guid taskId, CancellationToken ct)
    {
        var channel = Channel.CreateBounded<TaskEvent>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        TaskWatch watch;
        lock (gate)
        {
            if (!watches.TryGetValue(taskId, out watch!) || !watch.TryAdd(channel.Writer))
            {
                watch = new TaskWatch(taskId, store, tracker, subscriber, options.Value, logger);
                watch.TryAdd(channel.Writer);
                watches[taskId] = watch;
                var started = watch;
                _ = Task.Run(() => started.RunAsync(Forget), CancellationToken.None);
            }
        }

        var listener = new TaskWatchListener(channel.Reader, () => Leave(watch, channel.Writer));
        try
        {
            await watch.Ready.WaitAsync(ct);
        }
        catch
        {
            await listener.DisposeAsync();
            throw;
        }

        return listener;
    }

    private void Leave(TaskWatch watch, ChannelWriter<TaskEvent> listener)
    {
        if (watch.Remove(listener))
        {
            Forget(watch);
        }
    }

    private void Forget(TaskWatch watch)
    {
        lock (gate)
        {
            if (watches.TryGetValue(watch.TaskId, out var current) && ReferenceEquals(current, watch))
            {
                watches.Remove(watch.TaskId);
            }
        }
    }
}
