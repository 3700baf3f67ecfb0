using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TaskRunner.Api.Security;
using TaskRunner.Tasks.Progress;

namespace TaskRunner.Api.OpenApi;

/// <summary>
/// Completes each operation from what the endpoint's metadata already says: the bearer requirement when it needs a key,
/// the problem-details answers its pipeline can give (401/403/429 from authentication and rate limits, 400 for bad
/// input, 404 for an id in the route, 500/503 from the exception handler), plus the few bodies minimal APIs cannot
/// describe themselves (the multipart upload, the SSE stream), and examples: of every request body, of every problem
/// answer, and of the answers clients read most (the 202 envelopes and a task's status).
/// </summary>
public sealed class ContractOperationTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document;
        operation.Responses ??= new OpenApiResponses();
        var secured = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        operation.Security ??= [];
        if (secured)
        {
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ContractDocumentTransformer.BearerScheme, document)] = [] });
            AddProblem(operation, document, ContractProblems.Unauthorized);
            AddProblem(operation, document, ContractProblems.RateLimited);
            var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).Where(p => p is not null).ToList();
            if (policies.Contains(TaskRunnerClaims.AdminPolicy) || policies.Contains(TaskRunnerClaims.OperatorPolicy))
            {
                AddProblem(operation, document, ContractProblems.Forbidden);
            }
        }

        var parameters = context.Description.ParameterDescriptions;
        var hasInput = operation.RequestBody is not null || operation.Parameters?.Any(p => p.In == ParameterLocation.Query) == true
            || operation.OperationId == ContractExamples.UploadOperation;
        if (hasInput)
        {
            AddProblem(operation, document, ContractProblems.BadRequest(operation.OperationId));
        }

        if (context.Description.RelativePath?.Contains('{', StringComparison.Ordinal) == true)
        {
            AddProblem(operation, document, ContractProblems.NotFound);
        }

        foreach (var answer in ContractProblems.Extra(operation.OperationId))
        {
            AddProblem(operation, document, answer);
        }

        AddProblem(operation, document, ContractProblems.InternalError);
        AddProblem(operation, document, ContractProblems.Unavailable);
        AddResponseExamples(operation, context.Description.SupportedResponseTypes);

        if (operation.OperationId == ContractExamples.UploadOperation)
        {
            operation.RequestBody = ContractExamples.UploadBody();
        }

        if (operation.OperationId == ContractExamples.EventsOperation && operation.Responses.TryGetValue("200", out var events) && events is OpenApiResponse sse)
        {
            var eventSchema = await ComponentAsync(context, typeof(TaskEvent), nameof(TaskEvent), cancellationToken);
            sse.Description = "A text/event-stream of TaskEvent JSON objects (event `state`, `progress` or `token`); it ends after the final state.";
            sse.Content = new Dictionary<string, OpenApiMediaType> { ["text/event-stream"] = new() { Schema = eventSchema } };
        }

        if (operation.OperationId == ContractExamples.BatchResultsOperation && operation.Responses.TryGetValue("200", out var lines) && lines is OpenApiResponse jsonLines)
        {
            var itemSchema = await ComponentAsync(context, typeof(Batches.BatchItemResponse), nameof(Batches.BatchItemResponse), cancellationToken);
            jsonLines.Description = "JSON Lines: one BatchItemResponse object per line, in item order.";
            jsonLines.Content = new Dictionary<string, OpenApiMediaType> { ["application/x-ndjson"] = new() { Schema = itemSchema } };
        }

        if (ContractExamples.RequestExample(operation.OperationId) is { } example && operation.RequestBody?.Content is { } content
            && content.TryGetValue("application/json", out var json) && json is OpenApiMediaType media)
        {
            media.Example = example;
        }
    }

    /// <summary>A reference to the type's schema in components (added there once), so generated clients get one named type.</summary>
    private static async Task<IOpenApiSchema> ComponentAsync(OpenApiOperationTransformerContext context, Type type, string name, CancellationToken ct)
    {
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(name) != true)
        {
            document.AddComponent(name, await context.GetOrCreateSchemaAsync(type, null, ct));
        }

        return new OpenApiSchemaReference(name, document);
    }

    /// <summary>An example on each JSON success answer whose type has one (the 202 envelopes, a task's status).</summary>
    private static void AddResponseExamples(OpenApiOperation operation, IList<Microsoft.AspNetCore.Mvc.ApiExplorer.ApiResponseType> types)
    {
        foreach (var type in types)
        {
            var key = type.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (ContractResponseExamples.For(type.Type) is { } example && operation.Responses!.TryGetValue(key, out var response)
                && response.Content?.TryGetValue("application/json", out var json) == true && json is OpenApiMediaType media)
            {
                media.Example = example;
            }
        }
    }

    private static void AddProblem(OpenApiOperation operation, OpenApiDocument? document, ProblemAnswer answer)
    {
        var key = answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
        {
            return;
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = answer.Description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new()
                {
                    Schema = new OpenApiSchemaReference(ContractDocumentTransformer.ProblemSchema, document),
                    Example = answer.Example(),
                },
            },
        };
    }
}
