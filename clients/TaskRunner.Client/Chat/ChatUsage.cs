namespace TaskRunner.Client;

/// <summary>Tokens the LLM counted (null when it did not say, or when the answer is extractive), and the attempts it took.</summary>
public sealed record ChatUsage(int? PromptTokens, int? CompletionTokens, int Attempts);
