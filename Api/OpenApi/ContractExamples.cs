using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace TaskRunner.Api.OpenApi;

/// <summary>Request examples by operation id, and the upload body minimal APIs cannot describe.</summary>
public static class ContractExamples
{
    public const string UploadOperation = "UploadDocument";
    public const string EventsOperation = "TaskEvents";
    public const string BatchResultsOperation = "BatchResults";

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
        "SubmitBatch" => new JsonObject
        {
            ["items"] = new JsonArray(
                new JsonObject { ["prompt"] = "Translate 'photosynthesis' into Chinese." },
                new JsonObject { ["prompt"] = "Define osmosis in one sentence.", ["maxTokens"] = 100 }),
            ["priority"] = "low",
        },
        "Chat" => new JsonObject
        {
            ["question"] = "Where does photosynthesis take place?",
            ["documentIds"] = new JsonArray("3f6d2c1e-8a4b-4c7e-9d2f-1b5a6e7c8d90"),
            ["topK"] = 5,
            ["language"] = "en",
            ["stream"] = true,
        },
        "SubmitAnswer" => new JsonObject { ["answer"] = "B" },
        "AnalyzeMaterial" => new JsonObject { ["text"] = "光合作用是植物利用光能，把二氧化碳和水合成有机物并释放氧气的过程。", ["language"] = "zh" },
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
                Example = new JsonObject { ["file"] = "(the bytes of photosynthesis.pdf)", ["title"] = "Photosynthesis, chapter 3" },
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
