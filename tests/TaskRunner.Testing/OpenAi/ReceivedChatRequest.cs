namespace TaskRunner.Testing.OpenAi;

/// <summary>
/// What a chat completion request carried, as the test server parsed it. <paramref name="MaxTokens"/> is the output
/// bound, from <c>max_completion_tokens</c> (the OpenAI SDK's name) or the older <c>max_tokens</c>.
/// </summary>
public sealed record ReceivedChatRequest(
    string Model,
    IReadOnlyList<ReceivedMessage> Messages,
    bool Stream,
    bool IncludeUsage,
    string? ResponseFormatType,
    string? JsonSchemaName,
    string? JsonSchema,
    double? Temperature,
    string RawBody,
    int? MaxTokens = null)
{
    public string LastUserMessage => Messages.LastOrDefault(m => m.Role == "user")?.Content ?? "";
}
