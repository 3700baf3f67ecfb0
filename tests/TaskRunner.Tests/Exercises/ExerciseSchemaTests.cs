using System.Text.Json;
using NJsonSchema;
using TaskRunner.Generation.Exercises;
using TaskRunner.Generation.Materials;

namespace TaskRunner.Tests.Exercises;

public sealed class ExerciseSchemaTests
{
    [Fact]
    public async Task Serialized_exercises_validate_against_the_schema()
    {
        var schema = await JsonSchema.FromJsonAsync(ExerciseSchema.Json);
        var exercises = new[]
        {
            new GeneratedExercise(ExerciseType.MultipleChoice, "Q?", [new("A", "x"), new("B", "y")], "A", "because", Difficulty.Easy, [1]),
            new GeneratedExercise(ExerciseType.FillInBlank, "____ is H2O", [], "Water", "", Difficulty.Hard, []),
        };
        var document = JsonSerializer.Serialize(new { exercises }, ExerciseJson.Options);

        Assert.Empty(schema.Validate(document));
        Assert.Contains("\"fill_in_blank\"", document, StringComparison.Ordinal);
        Assert.Contains("\"source_chunks\":[1]", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_schema_rejects_unknown_types_and_missing_fields()
    {
        var schema = await JsonSchema.FromJsonAsync(ExerciseSchema.Json);

        Assert.NotEmpty(schema.Validate("""{"exercises":[{"type":"essay","question":"q","options":[],"answer":"a","explanation":"","difficulty":"easy","source_chunks":[]}]}"""));
        Assert.NotEmpty(schema.Validate("""{"exercises":[{"type":"true_false","question":"q"}]}"""));
    }

    [Theory]
    [InlineData(ExerciseSchema.Json)]
    [InlineData(ShortAnswerGradingPrompt.Schema)]
    [InlineData(MaterialAnalysisPrompt.Schema)]
    public void Schemas_meet_openai_strict_mode(string json)
    {
        // Strict mode: every object lists all its properties as required and forbids others.
        using var doc = JsonDocument.Parse(json);
        AssertStrict(doc.RootElement);
    }

    [Fact]
    public void Parsed_replies_round_trip_through_the_serializer()
    {
        var exercise = new GeneratedExercise(ExerciseType.TrueFalse, "Q", [], "true", null, Difficulty.Medium, [2]) { Source = "doc" };

        var back = JsonSerializer.Deserialize<GeneratedExercise>(ExerciseJson.Serialize(exercise), ExerciseJson.Options);

        Assert.Equal(ExerciseJson.Serialize(exercise), ExerciseJson.Serialize(back!));
    }

    private static void AssertStrict(JsonElement schema)
    {
        if (schema.TryGetProperty("type", out var type) && type.GetString() == "object")
        {
            Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
            var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order().ToList();
            var required = schema.GetProperty("required").EnumerateArray().Select(r => r.GetString() ?? "").Order().ToList();
            Assert.Equal(properties, required);
            foreach (var property in schema.GetProperty("properties").EnumerateObject())
            {
                AssertStrict(property.Value);
            }
        }
        if (schema.TryGetProperty("items", out var items))
        {
            AssertStrict(items);
        }
    }
}
