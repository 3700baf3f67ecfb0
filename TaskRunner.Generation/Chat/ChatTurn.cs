namespace TaskRunner.Generation.Chat;

/// <summary>One earlier turn of the conversation: <c>user</c> or <c>assistant</c>, and what was said.</summary>
public sealed record ChatTurn(string Role, string Content);
