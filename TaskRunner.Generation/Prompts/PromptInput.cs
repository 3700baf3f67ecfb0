namespace TaskRunner.Generation.Prompts;

/// <summary>One prompt for the LLM: the input of an <c>llm.prompt</c> task, and one item of a batch.</summary>
public sealed record PromptInput(string Prompt, string? System = null, string? Model = null, int? MaxTokens = null, float? Temperature = null);
