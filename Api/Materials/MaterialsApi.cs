using TaskRunner.Api.Exercises;
using Microsoft.AspNetCore.Http.HttpResults;
using TaskRunner.Api.Hosting;
using TaskRunner.Api.Problems;
using TaskRunner.Api.Tasks;
using TaskRunner.Ingestion.Documents;
using TaskRunner.Generation.Exercises;
using TaskRunner.Tasks;
using TaskRunner.Generation.Materials;

namespace TaskRunner.Api.Materials;

public static class MaterialsApi
{
    public const int MaxTextLength = 100_000;

    public static IEndpointRouteBuilder MapMaterialsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/materials").WithTags("Materials")
            .MapPost("/analyze", AnalyzeAsync).WithName("AnalyzeMaterial")
            .WithSummary("Summary, key points, difficulty and suitable exercise types of a text or a document; answers 202 with the task.");
        return app;
    }

    private static async Task<Results<Accepted<TaskAccepted>, ProblemHttpResult>> AnalyzeAsync(
        AnalyzeMaterialRequest? request, RequestTenant tenant, DocumentStore documents, TaskSubmitter submitter, CancellationToken ct)
    {
        var hasText = !string.IsNullOrWhiteSpace(request?.Text);
        if (request is null || hasText == request.DocumentId.HasValue)
        {
            return ApiProblem.BadRequest("material_missing", "Send either {\"text\": \"...\"} or {\"documentId\": \"...\"}, not both.");
        }

        if (request.Text?.Length > MaxTextLength)
        {
            return ApiProblem.BadRequest("material_too_long", $"text may have at most {MaxTextLength} characters.");
        }

        if (GenerateRequestValidator.CheckLanguage(request.Language) is { } problem)
        {
            return problem;
        }

        if (request.DocumentId is { } documentId && await documents.GetAsync(tenant.Id, documentId, ct) is null or { Status: DocumentStatuses.Deleting })
        {
            return ExercisesApi.DocumentNotFound(documentId);
        }

        var input = new MaterialAnalysisInput(hasText ? request.Text : null, request.DocumentId, request.Language?.Trim().ToLowerInvariant());
        var task = await submitter.SubmitAsync(MaterialTasks.Analyze, tenant.Id, input, ct, request.DocumentId);
        return TaskAccepted.Result(task);
    }
}
