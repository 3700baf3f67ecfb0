using System.Text.Json.Serialization;

namespace TaskRunner.Generation.Exercises;

[JsonConverter(typeof(JsonStringEnumConverter<ExerciseType>))]
public enum ExerciseType
{
    [JsonStringEnumMemberName("multiple_choice")]
    MultipleChoice,

    [JsonStringEnumMemberName("fill_in_blank")]
    FillInBlank,

    [JsonStringEnumMemberName("true_false")]
    TrueFalse,

    [JsonStringEnumMemberName("short_answer")]
    ShortAnswer,
}
