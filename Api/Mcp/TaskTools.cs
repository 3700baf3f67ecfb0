using System.ComponentModel;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using ModelContextProtocol.Protocol;
using TaskRunner.Api.Tasks;
using TaskRunner.Api.Tasks.Streams;
using TaskRunner.Tasks.Progress;
using TaskRunner.Tasks;

namespace TaskRunner.Api.Mcp;

/// <summary>MCP tools that read a task and wait for it, reporting its progress as MCP progress notifications.</summary>
[McpServerToolType]
public sealed class TaskTools(McpTenant tenant, TaskStore store, TaskWatchHub watches, IOptions<McpOptions> options)
{
    [McpServerTool(Name = "get_task", ReadOnly = true), Description("A task: status (queued, running, succeeded, failed, canceled), stage, progress from 0 to 1, result or error.")]
    public async Task<TaskResponse> GetTaskAsync([Description("The task's id.")] Guid taskId, CancellationToken cancellationToken = default) =>
        TaskResponse.From(await store.GetAsync(tenant.Id, taskId, cancellationToken) ?? throw NotFound(taskId));

    [McpServerTool(Name = "wait_for_task", ReadOnly = true), Description("Waits until a task is finished (or the timeout passes), sending progress notifications as it moves, and answers with the task.")]
    public async Task<TaskResponse> WaitForTaskAsync(
        RequestContext<CallToolRequestParams> request,
        [Description("The task's id.")] Guid taskId,
        [Description("The longest to wait, in seconds; the task is returned as it is then.")] int timeoutSeconds = 120,
        CancellationToken cancellationToken = default)
    {
        var tenantId = tenant.Id;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Clamp(timeoutSeconds, 1, options.Value.MaxWaitSeconds)));
        try
        {
            // Joined before the state is read, so no event between the read and the join is missed.
            await using var listener = await watches.JoinAsync(taskId, timeout.Token);
            var task = await store.GetAsync(tenantId, taskId, cancellationToken) ?? throw NotFound(taskId);
            await ReportAsync(request, TaskEvent.FromRecord(task), cancellationToken);
            if (!task.RunStatus.IsFinal())
            {
                await foreach (var taskEvent in listener.Events.ReadAllAsync(timeout.Token))
                {
                    await ReportAsync(request, taskEvent, cancellationToken);
                    if (taskEvent.IsFinal)
                    {
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout passed: the caller gets the task as it is now and can wait again.
        }

        return TaskResponse.From(await store.GetAsync(tenantId, taskId, cancellationToken) ?? throw NotFound(taskId));
    }

    /// <summary>
    /// Sends the event's progress as a notification when the caller asked for them (a progress token), and waits until
    /// it is sent. The SDK's <c>IProgress</c> sends without waiting, so the last notification could leave after the
    /// tool's answer, out of order or after the request's stream had closed (a CI run saw the 100 % missing).
    /// </summary>
    private static async Task ReportAsync(RequestContext<CallToolRequestParams> request, TaskEvent taskEvent, CancellationToken ct)
    {
        if (taskEvent.Progress is { } fraction && request.Params?.ProgressToken is { } token)
        {
            await request.Server.NotifyProgressAsync(token, new ProgressNotificationValue
            {
                Progress = fraction * 100,
                Total = 100,
                Message = taskEvent.Message ?? taskEvent.Stage ?? taskEvent.Status,
            }, cancellationToken: ct);
        }
    }

    private static McpException NotFound(Guid taskId) => new($"No task with id {taskId} exists.");
}
