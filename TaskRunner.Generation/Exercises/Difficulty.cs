using System.Text.Json.Serialization;

namespace TaskRunner.Generation.Exercises;

[JsonConverter(typeof(JsonStringEnumConverter<Difficulty>))]
public enum Difficulty
{
    [JsonStringEnumMemberName("easy")]
    Easy,

    [JsonStringEnumMemberName("medium")]
    Medium,

    [JsonStringEnumMemberName("hard")]
    Hard,
}
