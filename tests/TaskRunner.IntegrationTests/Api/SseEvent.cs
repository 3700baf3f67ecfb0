using System.Text.Json;

namespace TaskRunner.IntegrationTests.Api;

public sealed record SseEvent(long Id, string Event, JsonElement Data)
{
    public string? Status => Data.TryGetProperty("status", out var s) ? s.GetString() : null;

    public string? Stage => Data.TryGetProperty("stage", out var s) ? s.GetString() : null;
}
