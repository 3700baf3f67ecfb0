namespace TaskRunner.Testing.Qdrant;

/// <summary>One request the test server handled, with the spec checks of its body and of the answer it gave.</summary>
/// <param name="SchemaName">The spec schema the body was validated against, e.g. "request:PUT /collections/{collection_name}/points".</param>
public sealed record QdrantReceivedRequest(
    string Method,
    string Path,
    string Query,
    string? ApiKey,
    string Body,
    string? SchemaName,
    IReadOnlyList<string> RequestErrors,
    int StatusCode,
    string ResponseBody,
    IReadOnlyList<string> ResponseErrors);
