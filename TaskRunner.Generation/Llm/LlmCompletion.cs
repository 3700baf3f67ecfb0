namespace TaskRunner.Generation.Llm;

/// <summary>The full text of the successful attempt; <paramref name="Attempts"/> counts every attempt made.</summary>
public sealed record LlmCompletion(string Text, string Model, int? PromptTokens, int? CompletionTokens, int Attempts);
