using System.Globalization;
using TaskRunner.Api.Hosting;
using TaskRunner.Api.Problems;
using TaskRunner.Tasks;

namespace TaskRunner.Api.Tasks;

public static class TasksApi
{
    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/tasks").WithTags("Tasks");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetTask");
        group.MapGet("/", ListAsync).WithName("ListTasks");
        group.MapGet("/{id:guid}/events", EventsAsync).WithName("TaskEvents").Produces(200, contentType: "text/event-stream");
        group.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelTask");
        group.MapPost("/{id:guid}/retry", RetryAsync).WithName("RetryTask");
        return app;
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, TaskStore store, CancellationToken ct) =>
        await store.GetAsync(RequestTenant.Of(http), id, ct) is { } task
            ? TypedResults.Ok(TaskResponse.From(task))
            : ApiProblem.NotFound("Task", id);

    private static async Task<IResult> ListAsync(string? status, string? type, string? page, string? pageSize, HttpContext http, TaskStore store, CancellationToken ct)
    {
        if (!Paging.TryParse(page, pageSize, out var paging, out var problem))
        {
            return problem!;
        }

        TaskRunStatus? statusFilter = null;
        if (status is not null)
        {
            if (!TaskRunStatusNames.TryParse(status, out var parsed))
            {
                return ApiProblem.BadRequest("invalid_status", $"status must be one of queued, running, succeeded, failed, canceled; got '{status}'.");
            }

            statusFilter = parsed;
        }

        var (items, total) = await store.ListAsync(new TaskQuery(RequestTenant.Of(http), statusFilter, type, paging.Page, paging.PageSize), ct);
        return TypedResults.Ok(new PagedResponse<TaskResponse>(items.Select(TaskResponse.From).ToList(), paging.Page, paging.PageSize, total));
    }

    private static async Task<IResult> EventsAsync(Guid id, HttpContext http, TaskStore store, TaskEventStream stream, CancellationToken ct)
    {
        var tenant = RequestTenant.Of(http);
        if (await store.GetAsync(tenant, id, ct) is null)
        {
            return ApiProblem.NotFound("Task", id);
        }

        var lastEventId = long.TryParse(http.Request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last : 0;
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(stream.ReadAsync(tenant, id, lastEventId, ct));
    }

    private static async Task<IResult> CancelAsync(Guid id, HttpContext http, TaskTracker tracker, CancellationToken ct) =>
        await tracker.CancelAsync(RequestTenant.Of(http), id, ct) is { } task
            ? TypedResults.Accepted(TaskResponse.StatusUrlOf(id), TaskResponse.From(task))
            : ApiProblem.NotFound("Task", id);

    private static async Task<IResult> RetryAsync(Guid id, HttpContext http, TaskStore store, TaskTracker tracker, TaskDispatcher dispatcher, CancellationToken ct)
    {
        var task = await store.GetAsync(RequestTenant.Of(http), id, ct);
        if (task is null)
        {
            return ApiProblem.NotFound("Task", id);
        }

        if (!TaskStateMachine.CanApply(TaskTransition.Retry, task.RunStatus))
        {
            return ApiProblem.Create(409, "task_not_retryable", "The task cannot be retried", $"Only failed or canceled tasks can be retried; this one is {task.Status}.");
        }

        var retried = await tracker.RetryAsync(id, ct);
        if (retried is null)
        {
            return ApiProblem.Create(409, "task_not_retryable", "The task cannot be retried", "The task changed state meanwhile; read it again.");
        }

        await dispatcher.DispatchAsync(id, ct);
        return TypedResults.Accepted(TaskResponse.StatusUrlOf(id), TaskResponse.From(await store.GetAsync(id, ct) ?? retried));
    }
}
