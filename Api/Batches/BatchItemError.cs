namespace TaskRunner.Api.Batches;

/// <summary>Why an item failed: the stable code (e.g. llm_bad_request) and the provider's message.</summary>
public sealed record BatchItemError(string Code, string Message);
