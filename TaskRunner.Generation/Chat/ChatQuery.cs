namespace TaskRunner.Generation.Chat;

/// <summary>A validated question for the chat gateway, scoped to one tenant (and optionally to some of its documents).</summary>
public sealed record ChatQuery(
    string TenantId, string Question, IReadOnlyList<Guid>? DocumentIds, IReadOnlyList<ChatTurn> History, int TopK, string Language);
