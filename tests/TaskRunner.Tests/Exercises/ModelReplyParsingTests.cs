using TaskRunner.Generation.Exercises;
using TaskRunner.Generation.Materials;

namespace TaskRunner.Tests.Exercises;

public sealed class ModelReplyParsingTests
{
    [Theory]
    [InlineData("""{"score": 0.8, "feedback": "Good"}""", 0.8)]
    [InlineData("```json\n{\"score\": \"0.5\", \"feedback\": \"Half\",}\n```", 0.5)]
    [InlineData("""Grade: {"score": 75, "feedback": "Mostly"}""", 0.75)]
    [InlineData("""{"score": -2, "feedback": "?"}""", 0)]
    public void Short_answer_grades_are_read_and_clamped(string reply, double score)
    {
        Assert.True(ShortAnswerGradingPrompt.TryParse(reply, out var grade));
        Assert.Equal(score, grade.Score, 3);
    }

    [Fact]
    public void An_unreadable_grade_is_reported()
    {
        Assert.False(ShortAnswerGradingPrompt.TryParse("I think it is fine.", out _));
        Assert.False(ShortAnswerGradingPrompt.TryParse("""{"feedback": "no score"}""", out _));
    }

    [Fact]
    public void The_grading_prompt_carries_question_reference_and_student_answer()
    {
        var chat = ShortAnswerGradingPrompt.Build("为什么天空是蓝色的？", "瑞利散射", "因为散射", "zh");

        Assert.Contains("瑞利散射", chat.Messages[1].Content, StringComparison.Ordinal);
        Assert.Equal(ShortAnswerGradingPrompt.SchemaName, chat.JsonSchemaName);
    }

    [Fact]
    public void Material_analysis_replies_are_read()
    {
        const string reply = """
            ```json
            {"summary": "Plants turn light into sugar.", "key_points": ["Chlorophyll absorbs light", "Oxygen is released"], "difficulty": "hard", "suggested_types": ["multiple_choice", "essay", "true_false"]}
            ```
            """;

        Assert.True(MaterialAnalysisPrompt.TryParse(reply, out var analysis));
        Assert.Equal("Plants turn light into sugar.", analysis.Summary);
        Assert.Equal(2, analysis.KeyPoints.Count);
        Assert.Equal(Difficulty.Hard, analysis.Difficulty);
        Assert.Equal([ExerciseType.MultipleChoice, ExerciseType.TrueFalse], analysis.SuggestedTypes);
        Assert.False(MaterialAnalysisPrompt.TryParse("no json", out _));
    }
}
