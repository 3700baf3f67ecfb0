using Microsoft.AspNetCore.Http.HttpResults;
using TaskRunner.Api.Hosting;
using TaskRunner.Api.Problems;
using TaskRunner.Retrieval;

namespace TaskRunner.Api.Search;

public static class SearchApi
{
    private const int MaxQueryLength = 2000;

    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/search").WithTags("Search")
            .MapPost("/", SearchAsync).WithName("Search")
            .WithSummary("Hybrid retrieval over the tenant's chunks: vector and keyword search in parallel, fused by relative score (Retrieval__Fusion).");
        return app;
    }

    private static async Task<Results<Ok<RetrievalResult>, ProblemHttpResult>> SearchAsync(
        SearchRequest? request, RequestTenant tenant, HybridRetriever retriever, CancellationToken ct)
    {
        if (request is null || string.IsNullOrWhiteSpace(request.Query))
        {
            return ApiProblem.BadRequest("query_missing", "Send a JSON body with a non-empty 'query'.");
        }

        if (request.Query.Length > MaxQueryLength)
        {
            return ApiProblem.BadRequest("query_too_long", $"query must be at most {MaxQueryLength} characters.");
        }

        var topK = request.TopK ?? 10;
        if (topK is < 1 or > 100)
        {
            return ApiProblem.BadRequest("invalid_top_k", "topK must be from 1 to 100.");
        }

        if (request.DocumentIds is { Count: > 100 })
        {
            return ApiProblem.BadRequest("too_many_documents", "documentIds may name at most 100 documents.");
        }

        var result = await retriever.SearchAsync(tenant.Id, request.Query, request.DocumentIds, topK, ct);
        return TypedResults.Ok(result);
    }
}
