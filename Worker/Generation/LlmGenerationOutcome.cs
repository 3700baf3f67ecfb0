namespace TaskRunner.Worker.Generation;

/// <summary>How an LLM generation went: LLM calls and attempts made, invalid items dropped, the model that answered.</summary>
public sealed record LlmGenerationOutcome(string? Model, int Calls, int Attempts, int InvalidDropped, int RegenerationRounds);
