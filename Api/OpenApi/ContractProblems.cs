using System.Text.Json.Nodes;

namespace TaskRunner.Api.OpenApi;

/// <summary>One documented problem answer: its status, a typical code, what it means, and the detail of its example.</summary>
public sealed record ProblemAnswer(int Status, string Code, string Description, string Title, string ExampleDetail, string? Field = null)
{
    /// <summary>The answer as the Api writes it (RFC 7807 with the <c>code</c> extension), for the document's example.</summary>
    public JsonObject Example()
    {
        var example = new JsonObject { ["title"] = Title, ["status"] = Status, ["detail"] = ExampleDetail, ["code"] = Code };
        if (Field is not null)
        {
            example["field"] = Field;
        }

        return example;
    }
}

/// <summary>The problem answers operations give, by status and operation id, each with a typical code for its example.</summary>
public static class ContractProblems
{
    private const string Invalid = "The request is not valid";
    private const string BadRequestDescription = "The request is not valid; `detail` says what to fix and `code` which rule it broke.";

    public static readonly ProblemAnswer Unauthorized = new(401, "unauthorized",
        "No API key, or the key is unknown or revoked (code unauthorized / invalid_api_key).", "Authentication required",
        "Send an API key as 'Authorization: Bearer <key>'.");

    public static readonly ProblemAnswer Forbidden = new(403, "forbidden",
        "The key is valid but may not use this endpoint (admin or operator keys only).", "Not allowed",
        "This API key may not use this endpoint (admin endpoints need an admin key; the dashboard and diagnostics need an operator key).");

    public static readonly ProblemAnswer RateLimited = new(429, "rate_limited",
        "Too many requests for this key (code rate_limited); Retry-After says when to come back.", "Too many requests",
        "This API key is over its limit of 600 requests per minute; retry after the time in Retry-After.");

    public static readonly ProblemAnswer NotFound = new(404, "not_found",
        "Nothing with this id exists for the key's tenant (code not_found).", "Task not found",
        "No task with id 3f6d2c1e-8a4b-4c7e-9d2f-1b5a6e7c8d90 exists.");

    public static readonly ProblemAnswer InternalError = new(500, "internal_error",
        "An unexpected error; the answer carries no internals.", "Unexpected error", "An unexpected error occurred; it has been logged.");

    public static readonly ProblemAnswer Unavailable = new(503, "database_unavailable",
        "A dependency (the database) is unreachable; Retry-After says when to try again.", "The service is temporarily unavailable",
        "The database is unreachable; try again shortly.");

    /// <summary>The 400 answer, with the code a client most often meets on this operation.</summary>
    public static ProblemAnswer BadRequest(string? operationId) => operationId switch
    {
        ContractExamples.UploadOperation => Bad("file_missing", "The request has no 'file' part; send the document in a multipart field named 'file'.", "file"),
        "Search" => Bad("query_missing", "Send a JSON body with a non-empty 'query'."),
        "SubmitPrompt" => Bad("prompt_missing", "prompt is required and must not be empty.", "prompt"),
        "SubmitBatch" => Bad("items_missing", "items must list at least one prompt.", "items"),
        "Chat" => Bad("question_missing", "question is required and must not be empty.", "question"),
        "GenerateExercises" => Bad("invalid_count", "count must be a whole number from 1 to 50; got 0."),
        "SubmitAnswer" => Bad("answer_missing", "Send a JSON body with a non-empty 'answer'."),
        "AnalyzeMaterial" => Bad("material_missing", "Send either {\"text\": \"...\"} or {\"documentId\": \"...\"}, not both."),
        "CreateApiKey" or "SetApiKeyLimits" => Bad("invalid_max_in_flight", "maxInFlight.llm must be a whole number from 0 to 100000.", "maxInFlight.llm"),
        "GetUsage" => Bad("invalid_date", "from and to must be ISO 8601 dates (2026-12-01) or instants (2026-12-01T08:00:00Z).", "from"),
        _ when operationId?.StartsWith("List", StringComparison.Ordinal) == true || operationId == "GetBatch" =>
            Bad("invalid_paging", "pageSize must be a whole number from 1 to 100; got '500'."),
        _ => Bad("invalid_json", "The request body is not valid JSON for this endpoint: 'durationMs' must be a number."),
    };

    /// <summary>The answers an operation gives beyond the generic ones.</summary>
    public static IEnumerable<ProblemAnswer> Extra(string? operationId) => operationId switch
    {
        ContractExamples.UploadOperation =>
        [
            new(413, "file_too_large", "The file is larger than Storage__MaxUploadBytes (code file_too_large).", "File too large",
                "The file is larger than the limit of 50 MB."),
            new(415, "unsupported_media_type", "The file type is not supported (code unsupported_media_type).", "Unsupported file type",
                "'.exe' files are not supported. Supported formats: .pdf .docx .pptx .html/.htm .md .txt."),
        ],
        "DeleteDocument" =>
        [
            new(409, "document_busy", "The document is being ingested (code document_busy); wait or cancel the task first.", "The document is being ingested",
                "The document is being ingested; wait for its task or cancel it first."),
        ],
        "DeleteTask" =>
        [
            new(409, "task_not_final", "The task is queued or running (code task_not_final).", "The task is not finished",
                "Only a succeeded, failed or canceled task can be deleted; this one is running."),
        ],
        "RetryTask" or "RetryBatch" =>
        [
            new(409, "task_not_retryable", "Only failed or canceled tasks can be retried (code task_not_retryable).", "The task cannot be retried",
                "Only failed or canceled tasks can be retried; this one succeeded."),
        ],
        _ when operationId?.StartsWith("Submit", StringComparison.Ordinal) == true || operationId is "GenerateExercises" or "AnalyzeMaterial" =>
        [
            new(409, "idempotency_in_progress",
                "A request with the same Idempotency-Key is still running or failed (code idempotency_in_progress / idempotency_retry).",
                "The first request is still running", "A request with this Idempotency-Key is still running; retry shortly."),
            new(422, "idempotency_key_reused", "The Idempotency-Key was used before with a different request (code idempotency_key_reused).",
                "Idempotency-Key reused with a different request", "This Idempotency-Key was used in the last 24 hours for a different request."),
        ],
        _ => [],
    };

    private static ProblemAnswer Bad(string code, string detail, string? field = null) =>
        new(400, code, BadRequestDescription, Invalid, detail, field);
}
