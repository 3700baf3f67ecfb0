using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using TaskRunner.Tasks.Progress;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Telemetry;

namespace TaskRunner.Api.Tasks;

/// <summary>
/// The events of one task for one SSE client: first the current state from Postgres (so a late subscriber
/// misses nothing), then what workers publish on Redis, until the task is final. When Redis is away it polls
/// Postgres instead, and it re-reads Postgres now and then anyway, so a lost final event cannot hang a client.
/// Event ids increase for the connection and continue from Last-Event-ID when a client reconnects.
/// </summary>
public sealed class TaskEventStream(TaskStore store, TaskEventSubscriber subscriber, TaskTracker tracker)
{
    private static readonly TimeSpan PollWithoutRedis = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PollWithRedis = TimeSpan.FromSeconds(5);

    public async IAsyncEnumerable<SseItem<TaskEvent>> ReadAsync(string tenantId, Guid taskId, long lastEventId, [EnumeratorCancellation] CancellationToken ct)
    {
        using var open = TaskTelemetry.OpenSseStream();
        var events = Channel.CreateBounded<TaskEvent>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var subscription = await subscriber.TrySubscribeAsync(taskId, events.Writer, ct);
        try
        {
            var sequence = lastEventId;
            var task = await store.GetAsync(tenantId, taskId, ct);
            if (task is null)
            {
                yield break;
            }

            var lastVersion = task.Version;
            yield return Item(await tracker.StateEventAsync(task, ct), ++sequence);
            if (task.RunStatus.IsFinal())
            {
                yield break;
            }

            while (!ct.IsCancellationRequested)
            {
                var next = await ReadOrTimeoutAsync(events.Reader, subscription is null ? PollWithoutRedis : PollWithRedis, ct);
                if (next is not null)
                {
                    yield return Item(next, ++sequence);
                    if (next.IsFinal)
                    {
                        yield break;
                    }

                    continue;
                }

                task = await store.GetAsync(tenantId, taskId, ct);
                if (task is null)
                {
                    yield break;
                }

                if (task.Version != lastVersion)
                {
                    lastVersion = task.Version;
                    yield return Item(await tracker.StateEventAsync(task, ct), ++sequence);
                }

                if (task.RunStatus.IsFinal())
                {
                    yield break;
                }

                subscription ??= await subscriber.TrySubscribeAsync(taskId, events.Writer, ct);
            }
        }
        finally
        {
            if (subscription is not null)
            {
                await subscription.DisposeAsync();
            }
        }
    }

    private static SseItem<TaskEvent> Item(TaskEvent taskEvent, long id) =>
        new(taskEvent, taskEvent.Kind) { EventId = id.ToString(System.Globalization.CultureInfo.InvariantCulture) };

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
}
