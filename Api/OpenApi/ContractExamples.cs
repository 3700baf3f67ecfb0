using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace TaskRunner.Api.OpenApi;

/// <summary>Request examples and the answers an operation gives beyond the generic ones, by operation id.</summary>
public static class ContractExamples
{
    public const string UploadOperation = "UploadDocument";
    public const string EventsOperation = "TaskEvents";
    public const string BatchResultsOperation = "BatchResults";

    public static IEnumerable<(int Status, string Description)> ExtraProblems(string? operationId) => operationId switch
    {
        UploadOperation =>
        [
            (413, "The file is larger than Storage__MaxUploadBytes (code file_too_large)."),
            (415, "The file type is not supported (code unsupported_media_type)."),
        ],
        "DeleteDocument" => [(409, "The document is being ingested (code document_busy); wait or cancel the task first.")],
        "DeleteTask" => [(409, "The task is queued or running (code task_not_final).")],
        "RetryTask" or "RetryBatch" => [(409, "Only failed or canceled tasks can be retried (code task_not_retryable).")],
        _ when operationId?.StartsWith("Submit", StringComparison.Ordinal) == true || operationId is "GenerateExercises" or "AnalyzeMaterial" =>
        [
            (409, "A request with the same Idempotency-Key is still running or failed (code idempotency_in_progress / idempotency_retry)."),
            (422, "The Idempotency-Key was used before with a different request (code idempotency_key_reused)."),
        ],
        _ => [],
    };

    public static JsonNode? RequestExample(string? operationId) => operationId switch
    {
        "Search" => new JsonObject { ["query"] = "How does photosynthesis store energy?", ["topK"] = 5 },
        "GenerateExercises" => new JsonObject
        {
            ["documentIds"] = new JsonArray("3f6d2c1e-8a4b-4c7e-9d2f-1b5a6e7c8d90"),
            ["count"] = 5,
            ["types"] = new JsonArray("multiple_choice", "short_answer"),
            ["difficulty"] = "medium",
            ["language"] = "en",
        },
        "SubmitPrompt" => new JsonObject { ["prompt"] = "Summarise the water cycle in two sentences.", ["priority"] = "normal" },
        "CreateApiKey" => new JsonObject
        {
            ["tenant"] = "acme", ["name"] = "ci", ["admin"] = false, ["requestsPerMinute"] = 600, ["maxInFlight"] = new JsonObject { ["llm"] = 2 },
        },
        "SetApiKeyLimits" => new JsonObject { ["maxInFlight"] = new JsonObject { ["llm"] = 2, ["*"] = 4 } },
        "SubmitNoopTask" => new JsonObject { ["durationMs"] = 300, ["steps"] = 3 },
        _ => null,
    };

    /// <summary>The upload endpoint reads its multipart body as a stream (to disk as it arrives), so the body is described here.</summary>
    public static OpenApiRequestBody UploadBody() => new()
    {
        Required = true,
        Description = "The file in the multipart field `file` (PDF, DOCX, HTML, Markdown or text, in any common encoding) and an optional `title`.",
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["multipart/form-data"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "file" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The document." },
                        ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A title; the file name when absent." },
                    },
                },
            },
        },
    };
}
