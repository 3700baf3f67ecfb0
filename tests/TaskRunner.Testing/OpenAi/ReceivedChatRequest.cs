namespace TaskRunner.Testing.OpenAi;

/// <summary>What a chat completion request carried, as the test server parsed it.</summary>
public sealed record ReceivedChatRequest(
    string Model,
    IReadOnlyList<ReceivedMessage> Messages,
    bool Stream,
    bool IncludeUsage,
    string? ResponseFormatType,
    string? JsonSchemaName,
    string? JsonSchema,
    double? Temperature,
    string RawBody)
{
    public string LastUserMessage => Messages.LastOrDefault(m => m.Role == "user")?.Content ?? "";
}
