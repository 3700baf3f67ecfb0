using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TaskRunner.Api.OpenApi;

/// <summary>
/// What the whole document needs: its title and licence, server URLs without a trailing slash, the bearer scheme,
/// the problem-details schema every 4xx/5xx answer refers to, and a description for each tag.
/// </summary>
public sealed class ContractDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string BearerScheme = "bearer";
    public const string ProblemSchema = "ProblemDetails";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Documents"] = "Upload documents, follow their ingestion, read their chunks and delete them.",
        ["Tasks"] = "Every piece of background work is a task: read, list, follow (SSE), cancel, retry and delete tasks.",
        ["Batches"] = "Many prompts in one request, run as one batch task; results as JSON lines.",
        ["LLM"] = "Figures of the LLM calls the workers made.",
        ["Diagnostics"] = "Operator-only no-op tasks for checking the job system end to end.",
        ["Search"] = "Hybrid (vector and keyword) retrieval over the tenant's chunks.",
        ["Exercises"] = "Generate exercises from a document, read them, answer them and read the grading.",
        ["Materials"] = "LLM analysis of a piece of study material.",
        ["Admin"] = "Tenant-wide maintenance and API keys; admin or operator keys only.",
        ["Chat"] = "Questions answered from the tenant's documents, with citations.",
        ["Usage"] = "The tenant's tokens and cost over time.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "TaskRunner API";
        document.Info.Description = "Background jobs for AI document pipelines: ingestion, retrieval, exercise generation and prompts. "
            + "Every operation needs an API key sent as `Authorization: Bearer <key>` (no other header or query parameter is read). Errors are RFC 7807 problem details "
            + "with a stable `code` extension.";
        document.Info.License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" };
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "trk_… API key",
            Description = "An API key made with `taskrunner keys create` (or the Api's `keys create` command), sent as a bearer token.",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = ProblemDetailsSchema();

        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
            else
            {
                tag.Description ??= $"{tag.Name} operations.";
            }
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema ProblemDetailsSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 7807 problem details. `code` is stable: switch on it, not on `title` or `detail`.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "Stable error code, e.g. not_found, query_missing, rate_limited." },
            ["field"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "The offending field, when one is to blame." },
        },
    };
}
