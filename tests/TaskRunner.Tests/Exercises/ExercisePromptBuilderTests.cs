using TaskRunner.Generation.Exercises;
using TaskRunner.Generation.Llm;
using TaskRunner.Testing.OpenAi;

namespace TaskRunner.Tests.Exercises;

public sealed class ExercisePromptBuilderTests
{
    private static readonly ExerciseRequest Request = new(
        "光合作用", null, ["光合作用发生在叶绿体中。", "光反应产生氧气。"], 5,
        [ExerciseType.MultipleChoice, ExerciseType.TrueFalse], Difficulty.Hard, "zh");

    [Fact]
    public void The_prompt_numbers_the_material_and_states_count_types_difficulty_and_language()
    {
        var chat = ExercisePromptBuilder.Build(Request);

        Assert.Equal([LlmRole.System, LlmRole.User], chat.Messages.Select(m => m.Role));
        var user = chat.Messages[1].Content;
        Assert.Contains("[1] 光合作用发生在叶绿体中。", user, StringComparison.Ordinal);
        Assert.Contains("[2] 光反应产生氧气。", user, StringComparison.Ordinal);
        Assert.Contains("multiple_choice: 3, true_false: 2", user, StringComparison.Ordinal);
        Assert.Contains("hard", user, StringComparison.Ordinal);
        Assert.Contains("中文", chat.Messages[0].Content, StringComparison.Ordinal);
        Assert.Equal(5, DefaultExerciseReply.RequestedCount(user));
        Assert.Equal(ExerciseSchema.Name, chat.JsonSchemaName);
        Assert.Equal(ExerciseSchema.Json, chat.JsonSchema);
    }

    [Fact]
    public void An_english_request_is_written_in_english()
    {
        var chat = ExercisePromptBuilder.Build(Request with { Language = "en", Text = "Plants make sugar." });

        Assert.Contains("Write everything in English", chat.Messages[0].Content, StringComparison.Ordinal);
        Assert.Contains("Text:\nPlants make sugar.", chat.Messages[1].Content.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Regeneration_asks_only_for_the_invalid_items_with_their_problems()
    {
        var invalid = new InvalidExercise("""{"type":"true_false","question":"q","answer":"maybe"}""", ExerciseType.TrueFalse, ["true/false answer \"maybe\" is neither true nor false"]);

        var chat = ExercisePromptBuilder.BuildRegeneration(Request, [invalid]);

        var user = chat.Messages[1].Content;
        Assert.Equal(1, DefaultExerciseReply.RequestedCount(user));
        Assert.Contains("true_false: 1", user, StringComparison.Ordinal);
        Assert.Contains("maybe", user, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(7, 3)]
    [InlineData(2, 4)]
    public void The_plan_spreads_the_count_over_the_types(int count, int typeCount)
    {
        var types = Enum.GetValues<ExerciseType>().Take(typeCount).ToList();

        var sequence = ExercisePlan.Sequence(count, types);

        Assert.Equal(count, sequence.Count);
        var perType = sequence.GroupBy(t => t).Select(g => g.Count()).ToList();
        Assert.True(perType.Max() - perType.Min() <= 1);
    }
}
