namespace TaskRunner.Generation.Llm;

/// <summary>One chat completion. With a schema (and <see cref="LlmOptions.UseJsonSchema"/>) the reply is constrained to it.</summary>
public sealed record LlmChatRequest(
    IReadOnlyList<LlmMessage> Messages,
    string? JsonSchemaName = null,
    string? JsonSchema = null,
    float? Temperature = null);
