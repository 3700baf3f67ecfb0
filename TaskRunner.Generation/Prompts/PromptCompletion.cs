namespace TaskRunner.Generation.Prompts;

/// <summary>The result of a prompt: the completion, the model that wrote it, its usage and the attempts it took.</summary>
public sealed record PromptCompletion(string Completion, string Model, PromptUsage Usage, int Attempts);
