namespace TaskRunner.Tasks.Security;

/// <summary>A new key: <see cref="Key"/> is shown once and never stored.</summary>
public sealed record CreatedApiKey(ApiKeyRecord Record, string Key);
