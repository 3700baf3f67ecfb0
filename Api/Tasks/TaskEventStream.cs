using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using TaskRunner.Api.Tasks.Streams;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Progress;
using TaskRunner.Tasks.Telemetry;

namespace TaskRunner.Api.Tasks;

/// <summary>
/// Writes one task's events to one SSE client: a <c>retry:</c> field, the current state from Postgres (so a late
/// subscriber misses nothing), then what the task's shared <see cref="TaskWatch"/> relays, until the task is final.
/// A <c>: keep-alive</c> comment goes out whenever nothing was sent for <see cref="SseOptions.KeepAliveSeconds"/>, so
/// proxies keep streams of waiting tasks open. Event ids increase for the connection and continue from Last-Event-ID.
/// </summary>
public sealed class TaskEventStream(TaskStore store, TaskTracker tracker, TaskWatchHub hub, IOptions<SseOptions> options, IOptions<JsonOptions> json)
{
    public async Task WriteAsync(HttpResponse response, string tenantId, Guid taskId, long lastEventId, CancellationToken ct)
    {
        using var open = TaskTelemetry.OpenSseStream();
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            await using var listener = await hub.JoinAsync(taskId, ct);
            await WriteRawAsync(response, $"retry: {options.Value.RetryMilliseconds.ToString(CultureInfo.InvariantCulture)}\n\n", ct);
            var sequence = lastEventId;
            var task = await store.GetAsync(tenantId, taskId, ct);
            if (task is null)
            {
                return;
            }

            await WriteEventAsync(response, await tracker.StateEventAsync(task, ct), ++sequence, ct);
            if (task.RunStatus.IsFinal())
            {
                return;
            }

            var keepAlive = TimeSpan.FromSeconds(options.Value.KeepAliveSeconds);
            while (true)
            {
                var (next, completed) = await ReadOrTimeoutAsync(listener, keepAlive, ct);
                if (completed)
                {
                    return;
                }

                if (next is null)
                {
                    await WriteRawAsync(response, ": keep-alive\n\n", ct);
                    continue;
                }

                await WriteEventAsync(response, next, ++sequence, ct);
                if (next.IsFinal)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private async Task WriteEventAsync(HttpResponse response, TaskEvent taskEvent, long id, CancellationToken ct)
    {
        var data = JsonSerializer.Serialize(taskEvent, json.Value.SerializerOptions);
        await WriteRawAsync(response, $"id: {id.ToString(CultureInfo.InvariantCulture)}\nevent: {taskEvent.Kind}\ndata: {data}\n\n", ct);
    }

    private static async Task WriteRawAsync(HttpResponse response, string text, CancellationToken ct)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        await response.Body.FlushAsync(ct);
    }

    /// <summary>The next event; (null, false) when none came within <paramref name="timeout"/>; (null, true) when the watch ended.</summary>
    private static async Task<(TaskEvent? Event, bool Completed)> ReadOrTimeoutAsync(TaskWatchListener listener, TimeSpan timeout, CancellationToken ct)
    {
        if (listener.Events.TryRead(out var ready))
        {
            return (ready, false);
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        try
        {
            if (await listener.Events.WaitToReadAsync(timer.Token) && listener.Events.TryRead(out var next))
            {
                return (next, false);
            }

            return (null, listener.Events.Completion.IsCompleted);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, false);
        }
    }
}
