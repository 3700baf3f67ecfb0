using System.Text.Json;
using System.Text.Json.Serialization;

namespace TaskRunner.Tasks;

/// <summary>The one JSON configuration for task inputs, results, errors and events.</summary>
public static class TaskJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T? Deserialize<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, Options);

    public static JsonElement? ParseOrNull(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<JsonElement>(json, Options);

    public static TaskError? ParseError(string? json) => string.IsNullOrEmpty(json) ? null : Deserialize<TaskError>(json);
}
