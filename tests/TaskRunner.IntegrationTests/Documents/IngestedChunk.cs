using System.Text.Json;

namespace TaskRunner.IntegrationTests.Documents;

/// <summary>A chunk as <c>GET /api/v1/documents/{id}/chunks</c> returns it.</summary>
public sealed record IngestedChunk(int Ordinal, string Text, int? Page, string? Section)
{
    public static IngestedChunk From(JsonElement item) => new(
        item.GetProperty("ordinal").GetInt32(),
        item.GetProperty("text").GetString()!,
        item.TryGetProperty("page", out var page) && page.ValueKind == JsonValueKind.Number ? page.GetInt32() : null,
        item.TryGetProperty("section", out var section) && section.ValueKind == JsonValueKind.String ? section.GetString() : null);
}
