using TaskRunner.Tasks;

namespace TaskRunner.Api.Prompts;

/// <summary>The body of <c>POST /api/v1/tasks</c>: a prompt for the LLM and how soon it should run.</summary>
public sealed record PromptRequest(string? Prompt, string? System, string? Model, TaskPriority? Priority, int? MaxTokens, float? Temperature);
