namespace TaskRunner.Generation.Llm;

public static class LlmClientExtensions
{
    /// <summary>Runs a completion for its final text only (analysis, grading); restarts need no handling.</summary>
    public static Task<LlmCompletion> CompleteChatAsync(this ILlmClient client, LlmChatRequest request, CancellationToken ct) =>
        client.StreamChatAsync(request, static (_, _) => ValueTask.CompletedTask, static (_, _) => ValueTask.CompletedTask, ct);
}
