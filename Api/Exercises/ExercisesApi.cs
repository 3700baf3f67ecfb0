using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TaskRunner.Api.Hosting;
using TaskRunner.Api.Problems;
using TaskRunner.Api.Tasks;
using TaskRunner.Ingestion.Documents;
using TaskRunner.Generation.Exercises;
using TaskRunner.Tasks;

namespace TaskRunner.Api.Exercises;

public static class ExercisesApi
{
    public static IEndpointRouteBuilder MapExercisesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/exercises").WithTags("Exercises");
        group.MapPost("/generate", GenerateAsync).WithName("GenerateExercises")
            .WithSummary("Generates exercises from a topic, a text and/or documents; answers 202 with the task (watch its events for the text as it is written).");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetExercise").WithSummary("An exercise with its answer and explanation.");
        group.MapGet("/", ListAsync).WithName("ListExercises").WithSummary("The tenant's exercises, filtered by document or generating task.");
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteExercise").WithSummary("Deletes an exercise and its submissions.");
        group.MapPost("/{id:guid}/submissions", SubmissionsApi.SubmitAsync).WithName("SubmitAnswer")
            .WithSummary("Objective types are graded at once (201); short answers by a grading task (202).");
        return app;
    }

    private static async Task<Results<Accepted<TaskAccepted>, ProblemHttpResult>> GenerateAsync(
        GenerateExercisesRequest? request, RequestTenant tenant, DocumentStore documents, TaskSubmitter submitter, CancellationToken ct)
    {
        if (!GenerateRequestValidator.TryValidate(request, out var input, out var problem))
        {
            return problem!;
        }

        foreach (var documentId in input.DocumentIds)
        {
            if (await documents.GetAsync(tenant.Id, documentId, ct) is null or { Status: DocumentStatuses.Deleting })
            {
                return DocumentNotFound(documentId);
            }
        }

        var task = await submitter.SubmitAsync(ExerciseTasks.Generate, tenant.Id, input, ct, input.DocumentIds.Count == 1 ? input.DocumentIds[0] : null);
        return TaskAccepted.Result(task);
    }

    private static async Task<Results<Ok<ExerciseResponse>, ProblemHttpResult>> GetAsync(
        Guid id, RequestTenant tenant, ExerciseStore exercises, CancellationToken ct) =>
        await exercises.GetAsync(tenant.Id, id, ct) is { } exercise
            ? TypedResults.Ok(ExerciseResponse.From(exercise))
            : ApiProblem.NotFound("Exercise", id);

    private static async Task<Results<Ok<PagedResponse<ExerciseResponse>>, ProblemHttpResult>> ListAsync(
        RequestTenant tenant, ExerciseStore exercises, Guid? documentId, Guid? taskId, [AsParameters] PageQuery query, CancellationToken ct)
    {
        if (!query.TryRead(out var paging, out var problem))
        {
            return problem!;
        }

        var (items, total) = await exercises.ListAsync(tenant.Id, documentId, taskId, paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(new PagedResponse<ExerciseResponse>(items.Select(ExerciseResponse.From).ToList(), paging.Page, paging.PageSize, total));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, RequestTenant tenant, ExerciseStore exercises, CancellationToken ct) =>
        await exercises.DeleteAsync(tenant.Id, id, ct) ? TypedResults.NoContent() : ApiProblem.NotFound("Exercise", id);

    /// <summary>The same answer whether the document never existed or belongs to another tenant.</summary>
    public static ProblemHttpResult DocumentNotFound(Guid documentId) =>
        ApiProblem.Create(StatusCodes.Status404NotFound, "document_not_found", "Document not found", $"No document with id {documentId} exists.");
}
