namespace TaskRunner.Api.Batches;

/// <summary>One prompt of a batch; <c>model</c> left out takes the batch's, then the configured default.</summary>
public sealed record BatchItemRequest(string? Prompt, string? System, string? Model, int? MaxTokens, float? Temperature);
