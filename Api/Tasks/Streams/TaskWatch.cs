using System.Threading.Channels;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Progress;

namespace TaskRunner.Api.Tasks.Streams;

/// <summary>
/// One task's events for every client of this process that watches it: one Redis subscription and one Postgres
/// poll, whatever the number of clients. It ends when the task is final (completing every client's channel) or when
/// its last client leaves.
/// </summary>
internal sealed partial class TaskWatch(Guid taskId, TaskStore store, TaskTracker tracker, TaskEventSubscriber subscriber, SseOptions options, ILogger logger)
{
    private readonly Lock gate = new();
    private readonly List<ChannelWriter<TaskEvent>> listeners = [];
    private readonly CancellationTokenSource stop = new();
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool ended;

    public Guid TaskId => taskId;

    /// <summary>Completes once the Redis subscription was tried: events published after that reach every listener.</summary>
    public Task Ready => ready.Task;

    public int Listeners
    {
        get
        {
            lock (gate)
            {
                return listeners.Count;
            }
        }
    }

    /// <summary>Adds a listener; false when the watch has ended (the caller starts a new one).</summary>
    public bool TryAdd(ChannelWriter<TaskEvent> listener)
    {
        lock (gate)
        {
            if (ended)
            {
                return false;
            }

            listeners.Add(listener);
            return true;
        }
    }

    /// <summary>Removes a listener; true when it was the last, and the watch stops.</summary>
    public bool Remove(ChannelWriter<TaskEvent> listener)
    {
        lock (gate)
        {
            listeners.Remove(listener);
            if (listeners.Count > 0 || ended)
            {
                return false;
            }

            ended = true;
        }

        stop.Cancel();
        return true;
    }

    /// <summary>Runs until the task is final or nobody listens; <paramref name="onEnded"/> lets the hub forget it.</summary>
    public async Task RunAsync(Action<TaskWatch> onEnded)
    {
        var ct = stop.Token;
        var events = Channel.CreateUnbounded<TaskEvent>(new UnboundedChannelOptions { SingleReader = true });
        IAsyncDisposable? subscription = null;
        try
        {
            subscription = await subscriber.TrySubscribeAsync(taskId, events.Writer, ct);
            ready.TrySetResult();
            var lastVersion = (await store.GetAsync(taskId, ct))?.Version;
            while (!ct.IsCancellationRequested)
            {
                var poll = TimeSpan.FromSeconds(subscription is null ? options.PollWithoutRedisSeconds : options.PollSeconds);
                var next = await ReadOrTimeoutAsync(events.Reader, poll, ct);
                if (next is not null)
                {
                    if (Broadcast(next))
                    {
                        return;
                    }

                    continue;
                }

                if (await PollAsync(lastVersion, ct) is { } task)
                {
                    lastVersion = task.Version;
                    // Built like the tracker's own state events, so a state found by polling carries its ETA and cost too.
                    if (Broadcast(await tracker.StateEventAsync(task, ct)))
                    {
                        return;
                    }
                }

                subscription ??= await subscriber.TrySubscribeAsync(taskId, events.Writer, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogWatchFailed(ex, taskId);
        }
        finally
        {
            ready.TrySetResult();
            EndAll();
            onEnded(this);
            if (subscription is not null)
            {
                await subscription.DisposeAsync();
            }
        }
    }

    /// <summary>The task when its version moved past <paramref name="lastVersion"/> (or it was deleted: then null and the watch ends).</summary>
    private async Task<TaskRecord?> PollAsync(long? lastVersion, CancellationToken ct)
    {
        try
        {
            var task = await store.GetAsync(taskId, ct);
            if (task is null)
            {
                EndAll();
                await stop.CancelAsync();
                return null;
            }

            return task.Version != lastVersion ? task : null;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            // Postgres away: the streams stay open with keep-alives and the next poll tries again.
            LogPollFailed(ex, taskId);
            return null;
        }
    }

    /// <summary>Hands the event to every listener; true when it was final and the watch has ended.</summary>
    private bool Broadcast(TaskEvent taskEvent)
    {
        lock (gate)
        {
            foreach (var listener in listeners)
            {
                listener.TryWrite(taskEvent);
            }
        }

        if (!taskEvent.IsFinal)
        {
            return false;
        }

        EndAll();
        return true;
    }

    private void EndAll()
    {
        lock (gate)
        {
            ended = true;
            foreach (var listener in listeners)
            {
                listener.TryComplete();
            }

            listeners.Clear();
        }
    }

    private static async Task<TaskEvent?> ReadOrTimeoutAsync(ChannelReader<TaskEvent> reader, TimeSpan timeout, CancellationToken ct)
    {
        if (reader.TryRead(out var ready))
        {
            return ready;
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        try
        {
            return await reader.ReadAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading task {TaskId} for its event streams failed; trying again at the next poll")]
    private partial void LogPollFailed(Exception ex, Guid taskId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The event watch of task {TaskId} stopped; its streams end and clients reconnect")]
    private partial void LogWatchFailed(Exception ex, Guid taskId);
}
