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
        group.MapGet("/{id:guid}", GetAsync).WithName("GetExercise");
        group.MapGet("/", ListAsync).WithName("ListExercises");
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteExercise");
        group.MapPost("/{id:guid}/submissions", SubmissionsApi.SubmitAsync).WithName("SubmitAnswer")
            .WithSummary("Objective types are graded at once (201); short answers by a grading task (202).");
        return app;
    }

    private static async Task<IResult> GenerateAsync(
        GenerateExercisesRequest? request, HttpContext http, DocumentStore documents, TaskSubmitter submitter, CancellationToken ct)
    {
        if (!GenerateRequestValidator.TryValidate(request, out var input, out var problem))
        {
            return problem!;
        }

        var tenant = RequestTenant.Of(http);
        foreach (var documentId in input.DocumentIds)
        {
            if (await documents.GetAsync(tenant, documentId, ct) is null or { Status: DocumentStatuses.Deleting })
            {
                return DocumentNotFound(documentId);
            }
        }

        var task = await submitter.SubmitAsync(new NewTask(
            Guid.NewGuid(), tenant, TaskTypes.GenerateExercises, TaskPipelines.FirstQueueOf(TaskTypes.GenerateExercises),
            TaskJson.Serialize(input), input.DocumentIds.Count == 1 ? input.DocumentIds[0] : null), ct);
        return TypedResults.Accepted(TaskResponse.StatusUrlOf(task.Id), TaskResponse.From(task));
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, ExerciseStore exercises, CancellationToken ct) =>
        await exercises.GetAsync(RequestTenant.Of(http), id, ct) is { } exercise
            ? TypedResults.Ok(ExerciseResponse.From(exercise))
            : ApiProblem.NotFound("Exercise", id);

    private static async Task<IResult> ListAsync(
        HttpContext http, ExerciseStore exercises, Guid? documentId, Guid? taskId, string? page, string? pageSize, CancellationToken ct)
    {
        if (!Paging.TryParse(page, pageSize, out var paging, out var problem))
        {
            return problem!;
        }

        var (items, total) = await exercises.ListAsync(RequestTenant.Of(http), documentId, taskId, paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(new PagedResponse<ExerciseResponse>(items.Select(ExerciseResponse.From).ToList(), paging.Page, paging.PageSize, total));
    }

    private static async Task<IResult> DeleteAsync(Guid id, HttpContext http, ExerciseStore exercises, CancellationToken ct) =>
        await exercises.DeleteAsync(RequestTenant.Of(http), id, ct) ? TypedResults.NoContent() : ApiProblem.NotFound("Exercise", id);

    /// <summary>The same answer whether the document never existed or belongs to another tenant.</summary>
    public static IResult DocumentNotFound(Guid documentId) =>
        ApiProblem.Create(StatusCodes.Status404NotFound, "document_not_found", "Document not found", $"No document with id {documentId} exists.");
}
