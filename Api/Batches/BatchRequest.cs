using TaskRunner.Tasks;

namespace TaskRunner.Api.Batches;

/// <summary>The body of <c>POST /api/v1/batches</c>: up to 10,000 prompts run as one llm.batch task.</summary>
public sealed record BatchRequest(IReadOnlyList<BatchItemRequest>? Items, string? Model, TaskPriority? Priority);
