namespace TaskRunner.Api.Tasks.Streams;

/// <summary>The SSE answer of the task events endpoint: writes the stream, then gives back its place under the stream caps.</summary>
public sealed class TaskEventsResult(TaskEventStream stream, IDisposable lease, string tenantId, Guid taskId, long lastEventId) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using (lease)
        {
            await stream.WriteAsync(httpContext.Response, tenantId, taskId, lastEventId, httpContext.RequestAborted);
        }
    }
}
