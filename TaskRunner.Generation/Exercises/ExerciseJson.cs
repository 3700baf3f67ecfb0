using System.Text.Json;
using System.Text.Json.Serialization;

namespace TaskRunner.Generation.Exercises;

/// <summary>JSON settings for exercises (snake_case, as in the LLM schema and the API).</summary>
public static class ExerciseJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static string Serialize(GeneratedExercise exercise) => JsonSerializer.Serialize(exercise, Options);
}
