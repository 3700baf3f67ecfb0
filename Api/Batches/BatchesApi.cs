using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TaskRunner.Api.Hosting;
using TaskRunner.Api.Problems;
using TaskRunner.Generation.Batches;
using TaskRunner.Generation.Llm;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Outbox;

namespace TaskRunner.Api.Batches;

public static class BatchesApi
{
    public static IEndpointRouteBuilder MapBatchesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/batches").WithTags("Batches");
        group.MapPost("/", SubmitAsync).WithName("SubmitBatch")
            .WithSummary("Runs up to 10,000 prompts as one llm.batch task; answers 202 with the task and the batch id. Cancel it with the task's cancel.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetBatch")
            .WithSummary("Item counts by status, progress, timing and a page of item results (?status= filters them).");
        group.MapGet("/{id:guid}/results", ResultsAsync).WithName("BatchResults").Produces(200, contentType: "application/x-ndjson")
            .WithSummary("Every item's result in order, as JSON Lines.");
        group.MapPost("/{id:guid}/retry", RetryAsync).WithName("RetryBatch")
            .WithSummary("Runs the failed (and canceled) items of a failed or canceled batch again; finished items are kept.");
        return app;
    }

    private static async Task<Results<Accepted<BatchAccepted>, ProblemHttpResult>> SubmitAsync(
        BatchRequest? request, RequestTenant tenant, IOptions<LlmOptions> llm, BatchStore batches, TaskSubmitter submitter, CancellationToken ct)
    {
        if (!BatchRequestValidator.TryValidate(request, llm.Value, out var items, out var problem))
        {
            return problem!;
        }

        // The items are stored before the task exists, so no Worker can start the task without them.
        var batchId = Guid.NewGuid();
        var taskId = Guid.NewGuid();
        await batches.CreateAsync(batchId, tenant.Id, taskId, request!.Model, items, ct);
        var task = await submitter.SubmitAsync(BatchTasks.Run, tenant.Id, new BatchInput(batchId), ct, taskId: taskId, priority: request.Priority ?? TaskPriority.Normal);
        return TypedResults.Accepted(BatchAccepted.UrlOf(batchId), new BatchAccepted(task, batchId, items.Count));
    }

    private static async Task<Results<Ok<BatchResponse>, ProblemHttpResult>> GetAsync(
        Guid id, string? status, [AsParameters] PageQuery query, RequestTenant tenant, BatchStore batches, TaskStore tasks, CancellationToken ct)
    {
        if (!query.TryRead(out var paging, out var problem))
        {
            return problem!;
        }

        if (status is not null && !TaskRunStatusNames.TryParse(status, out _))
        {
            return ApiProblem.InvalidField("invalid_status", "status", $"status must be one of queued, running, succeeded, failed, canceled; got '{status}'.");
        }

        if (await batches.GetAsync(tenant.Id, id, ct) is not { } batch || await tasks.GetAsync(tenant.Id, batch.TaskId, ct) is not { } task)
        {
            return ApiProblem.NotFound("Batch", id);
        }

        var counts = await batches.CountAsync(id, ct);
        var items = await batches.ListItemsAsync(id, status?.ToLowerInvariant(), paging.Page, paging.PageSize, ct);
        var total = status is null ? counts.Total : CountOf(counts, status.ToLowerInvariant());
        var page = new PagedResponse<BatchItemResponse>(items.Select(BatchItemResponse.From).ToList(), paging.Page, paging.PageSize, total);
        return TypedResults.Ok(BatchResponse.From(batch, task, counts, page));
    }

    private static async Task<Results<JsonLinesResult<BatchItemResponse>, ProblemHttpResult>> ResultsAsync(
        Guid id, RequestTenant tenant, BatchStore batches, CancellationToken ct)
    {
        if (await batches.GetAsync(tenant.Id, id, ct) is null)
        {
            return ApiProblem.NotFound("Batch", id);
        }

        return new JsonLinesResult<BatchItemResponse>(Map(batches.StreamItemsAsync(id, ct), ct));
    }

    private static async Task<Results<Accepted<BatchAccepted>, ProblemHttpResult>> RetryAsync(
        Guid id, RequestTenant tenant, BatchStore batches, TaskStore tasks, TaskTracker tracker, TaskOutbox outbox, CancellationToken ct)
    {
        if (await batches.GetAsync(tenant.Id, id, ct) is not { } batch || await tasks.GetAsync(tenant.Id, batch.TaskId, ct) is not { } task)
        {
            return ApiProblem.NotFound("Batch", id);
        }

        if (!TaskStateMachine.CanApply(TaskTransition.Retry, task.RunStatus))
        {
            return ApiProblem.Create(StatusCodes.Status409Conflict, "task_not_retryable", "The batch cannot be retried",
                $"Only a failed or canceled batch can be retried; this one is {task.Status}.");
        }

        await batches.RequeueUnfinishedAsync(id, ct);
        if (await tracker.RetryAsync(task.Id, ct) is null)
        {
            return ApiProblem.Create(StatusCodes.Status409Conflict, "task_not_retryable", "The batch cannot be retried", "The batch changed state meanwhile; read it again.");
        }

        await outbox.NotifyAsync(CancellationToken.None);
        var retried = await tasks.GetAsync(task.Id, ct) ?? task;
        return TypedResults.Accepted(BatchAccepted.UrlOf(id), new BatchAccepted(retried, id, batch.ItemCount));
    }

    private static int CountOf(BatchCounts counts, string status) => status switch
    {
        "queued" => counts.Queued,
        "running" => counts.Running,
        "succeeded" => counts.Succeeded,
        "failed" => counts.Failed,
        _ => counts.Canceled,
    };

    private static async IAsyncEnumerable<BatchItemResponse> Map(
        IAsyncEnumerable<BatchItemRecord> items, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var item in items.WithCancellation(ct))
        {
            yield return BatchItemResponse.From(item);
        }
    }
}
