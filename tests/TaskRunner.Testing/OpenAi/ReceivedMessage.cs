namespace TaskRunner.Testing.OpenAi;

public sealed record ReceivedMessage(string Role, string Content);
