namespace TaskRunner.Generation.Chat;

/// <summary>An answer as its writer produced it, before citations are checked.</summary>
public sealed record ChatDraft(string Text, string Mode, string? Model, ChatUsage Usage);
