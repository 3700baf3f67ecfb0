namespace TaskRunner.Testing.OpenAi;

/// <summary>When a chat completion call reached the test server and when its reply (or error) was written.</summary>
public readonly record struct ChatCallTiming(DateTimeOffset Arrived, DateTimeOffset Answered);
