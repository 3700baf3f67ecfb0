using TaskRunner.Generation.Exercises;

namespace TaskRunner.Tests.Exercises;

public sealed class ObjectiveGraderTests
{
    private static readonly GeneratedExercise Choice = new(
        ExerciseType.MultipleChoice, "法国的首都是？", [new("A", "柏林"), new("B", "巴黎"), new("C", "罗马")], "B", "巴黎是法国首都。", Difficulty.Easy, []);

    [Theory]
    [InlineData("B", true)]
    [InlineData("b", true)]
    [InlineData("Ｂ", true)]
    [InlineData("ｂ．", true)]
    [InlineData(" B) ", true)]
    [InlineData("巴黎", true)]
    [InlineData("A", false)]
    [InlineData("柏林", false)]
    [InlineData("", false)]
    [InlineData("B, C", false)]
    public void Multiple_choice_accepts_the_key_or_the_option_text(string answer, bool correct)
    {
        var result = ObjectiveGrader.Grade(Choice, answer);

        Assert.Equal(correct, result.Correct);
        Assert.Equal("B. 巴黎", result.ExpectedAnswer);
        Assert.Equal("巴黎是法国首都。", result.Explanation);
    }

    [Theory]
    [InlineData("对", true)]
    [InlineData("正确", true)]
    [InlineData("TRUE", true)]
    [InlineData("ｙｅｓ", true)]
    [InlineData("错", false)]
    [InlineData("no", false)]
    [InlineData("dunno", false)]
    public void True_false_is_normalised(string answer, bool correct) =>
        Assert.Equal(correct, ObjectiveGrader.Grade(new(ExerciseType.TrueFalse, "水在零度结冰。", [], "true", null, Difficulty.Easy, []), answer).Correct);

    [Theory]
    [InlineData("H2O", true)]
    [InlineData("ｈ２ｏ", true)]
    [InlineData(" h2o。", true)]
    [InlineData("水", true)]
    [InlineData("water", true)]
    [InlineData("CO2", false)]
    public void Fill_in_the_blank_accepts_any_alternative_ignoring_width_and_case(string answer, bool correct) =>
        Assert.Equal(correct, ObjectiveGrader.Grade(new(ExerciseType.FillInBlank, "____由氢和氧组成。", [], "H2O|水；Water", null, Difficulty.Easy, []), answer).Correct);

    [Fact]
    public void Short_answers_are_not_objective()
    {
        var exercise = new GeneratedExercise(ExerciseType.ShortAnswer, "Why?", [], "Because.", null, Difficulty.Easy, []);

        Assert.False(ObjectiveGrader.IsObjective(ExerciseType.ShortAnswer));
        Assert.Throws<ArgumentException>(() => ObjectiveGrader.Grade(exercise, "Because."));
    }
}
