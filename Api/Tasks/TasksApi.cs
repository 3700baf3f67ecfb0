using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TaskRunner.Api.Hosting;
using TaskRunner.Api.Problems;
using TaskRunner.Api.Security;
using TaskRunner.Api.Tasks.Streams;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Outbox;
using TaskRunner.Tasks.Estimates;
using TaskRunner.Tasks.Progress;
using TaskRunner.Tasks.Usage;

namespace TaskRunner.Api.Tasks;

public static class TasksApi
{
    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/tasks").WithTags("Tasks");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetTask").WithSummary("A task: status, stage, progress, result or error.");
        group.MapGet("/", ListAsync).WithName("ListTasks").WithSummary("The tenant's tasks, newest first, filtered by status, type and priority.");
        group.MapGet("/{id:guid}/events", EventsAsync).WithName("TaskEvents").Produces(200, contentType: "text/event-stream")
            .WithSummary("Server-Sent Events: the task's state, then its progress, tokens and final state as they happen.");
        group.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelTask").WithSummary("Asks a queued or running task to stop.");
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteTask")
            .WithSummary("Removes a finished (succeeded, failed or canceled) task and what belongs to it; 409 task_not_final while it is queued or running.");
        group.MapPost("/{id:guid}/retry", RetryAsync).WithName("RetryTask").WithSummary("Runs a failed or canceled task again from its first unfinished step.");
        return app;
    }

    private static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> GetAsync(
        Guid id, RequestTenant tenant, TaskStore store, TaskEstimator estimator, TaskCosts costs, CancellationToken ct) =>
        await store.GetAsync(tenant.Id, id, ct) is { } task
            ? TypedResults.Ok(TaskResponse.From(task, await estimator.EstimateAsync(task, task.Progress, ct), await costs.ForTaskAsync(task, ct)))
            : ApiProblem.NotFound("Task", id);

    private static async Task<Results<Ok<PagedResponse<TaskResponse>>, ProblemHttpResult>> ListAsync(
        string? status, string? type, string? priority, [AsParameters] PageQuery query, RequestTenant tenant, TaskStore store, CancellationToken ct)
    {
        if (!query.TryRead(out var paging, out var problem))
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

        TaskPriority? priorityFilter = null;
        if (priority is not null)
        {
            if (!TaskPriorityNames.TryParse(priority, out var parsed))
            {
                return ApiProblem.InvalidField("invalid_priority", "priority", $"priority must be one of {string.Join(", ", TaskPriorityNames.All)}; got '{priority}'.");
            }

            priorityFilter = parsed;
        }

        var (items, total) = await store.ListAsync(new TaskQuery(tenant.Id, statusFilter, type, paging.Page, paging.PageSize, priorityFilter), ct);
        return TypedResults.Ok(new PagedResponse<TaskResponse>(items.Select(t => TaskResponse.From(t)).ToList(), paging.Page, paging.PageSize, total));
    }

    private static async Task<Results<TaskEventsResult, NoContent, ProblemHttpResult>> EventsAsync(
        Guid id, HttpContext http, RequestTenant tenant, TaskStore store, TaskEventStream stream, SseStreamLimiter limiter, CancellationToken ct)
    {
        var task = await store.GetAsync(tenant.Id, id, ct);
        if (task is null)
        {
            return ApiProblem.NotFound("Task", id);
        }

        // A standard EventSource reconnects after every stream that ends; 204 is how the standard says "stop".
        var reconnect = http.Request.Headers.ContainsKey("Last-Event-ID");
        if (reconnect && task.RunStatus.IsFinal())
        {
            return TypedResults.NoContent();
        }

        var keyId = http.User.FindFirst(TaskRunnerClaims.KeyId)?.Value ?? $"tenant:{tenant.Id}";
        var lease = limiter.TryAcquire(keyId, out var refusal);
        if (lease is null)
        {
            if (refusal == SseRefusal.ProcessFull)
            {
                // Capacity frees as other clients' streams end: the same wait a stream asks of a reconnecting client.
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(limiter.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            return refusal == SseRefusal.KeyFull
                ? ApiProblem.Create(StatusCodes.Status429TooManyRequests, "too_many_streams", "Too many open event streams",
                    "This API key already holds the most event streams it may have open at once; close one, or poll GET /api/v1/tasks/{id} instead.")
                : ApiProblem.Create(StatusCodes.Status429TooManyRequests, "stream_capacity", "The server holds as many event streams as it can",
                    "Try again shortly, or poll GET /api/v1/tasks/{id} instead.");
        }

        var lastEventId = long.TryParse(http.Request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last : 0;
        return new TaskEventsResult(stream, lease, tenant.Id, id, lastEventId);
    }

    private static async Task<Results<Accepted<TaskResponse>, ProblemHttpResult>> CancelAsync(
        Guid id, RequestTenant tenant, TaskTracker tracker, CancellationToken ct) =>
        await tracker.CancelAsync(tenant.Id, id, ct) is { } task
            ? TypedResults.Accepted(TaskResponse.StatusUrlOf(id), TaskResponse.From(task))
            : ApiProblem.NotFound("Task", id);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, RequestTenant tenant, TaskStore store, CancellationToken ct)
    {
        if (await store.DeleteFinalAsync(tenant.Id, id, ct) is not null)
        {
            return TypedResults.NoContent();
        }

        return await store.GetAsync(tenant.Id, id, ct) is { } task
            ? ApiProblem.Create(StatusCodes.Status409Conflict, "task_not_final", "The task is not finished",
                $"Only succeeded, failed or canceled tasks can be deleted; this one is {task.Status}. Cancel it first, or wait.")
            : ApiProblem.NotFound("Task", id);
    }

    private static async Task<Results<Accepted<TaskResponse>, ProblemHttpResult>> RetryAsync(
        Guid id, RequestTenant tenant, TaskStore store, TaskTracker tracker, TaskOutbox outbox, CancellationToken ct)
    {
        var task = await store.GetAsync(tenant.Id, id, ct);
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

        await outbox.NotifyAsync(CancellationToken.None);
        return TypedResults.Accepted(TaskResponse.StatusUrlOf(id), TaskResponse.From(await store.GetAsync(id, ct) ?? retried));
    }
}
