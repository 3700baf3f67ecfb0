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
/// describe themselves (the multipart upload, the SSE stream) and request examples.
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
            AddProblem(operation, document, 401, "No API key, or the key is unknown or revoked (code unauthorized / invalid_api_key).");
            AddProblem(operation, document, 429, "Too many requests for this key (code rate_limited); Retry-After says when to come back.");
            var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).Where(p => p is not null).ToList();
            if (policies.Contains(TaskRunnerClaims.AdminPolicy) || policies.Contains(TaskRunnerClaims.OperatorPolicy))
            {
                AddProblem(operation, document, 403, "The key is valid but may not use this endpoint (admin or operator keys only).");
            }
        }

        var parameters = context.Description.ParameterDescriptions;
        var hasInput = operation.RequestBody is not null || operation.Parameters?.Any(p => p.In == ParameterLocation.Query) == true
            || operation.OperationId == ContractExamples.UploadOperation;
        if (hasInput)
        {
            AddProblem(operation, document, 400, "The request is not valid; `detail` says what to fix and `code` which rule it broke.");
        }

        if (context.Description.RelativePath?.Contains('{', StringComparison.Ordinal) == true)
        {
            AddProblem(operation, document, 404, "Nothing with this id exists for the key's tenant (code not_found).");
        }

        foreach (var (status, description) in ContractExamples.ExtraProblems(operation.OperationId))
        {
            AddProblem(operation, document, status, description);
        }

        AddProblem(operation, document, 500, "An unexpected error; the answer carries no internals.");
        AddProblem(operation, document, 503, "A dependency (the database) is unreachable; Retry-After says when to try again.");

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

    private static void AddProblem(OpenApiOperation operation, OpenApiDocument? document, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
        {
            return;
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ContractDocumentTransformer.ProblemSchema, document) },
            },
        };
    }
}
