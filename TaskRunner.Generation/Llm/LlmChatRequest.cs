namespace TaskRunner.Generation.Llm;

/// <summary>
/// One chat completion. With a schema (and <see cref="LlmOptions.UseJsonSchema"/>) the reply is constrained to it.
/// <paramref name="Model"/> null means <see cref="LlmOptions.Model"/>; <paramref name="MaxTokens"/> null means the bound of
/// <paramref name="Kind"/> (<see cref="LlmOptions.MaxOutputTokens"/>).
/// </summary>
public sealed record LlmChatRequest(
    IReadOnlyList<LlmMessage> Messages,
    string? JsonSchemaName = null,
    string? JsonSchema = null,
    float? Temperature = null,
    string? Model = null,
    int? MaxTokens = null,
    LlmRequestKind Kind = LlmRequestKind.Prompt);
