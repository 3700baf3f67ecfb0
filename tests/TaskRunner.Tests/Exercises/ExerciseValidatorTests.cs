using TaskRunner.Generation.Exercises;

namespace TaskRunner.Tests.Exercises;

public sealed class ExerciseValidatorTests
{
    private static readonly ExerciseOption[] FourOptions = [new("A", "Paris"), new("B", "Rome"), new("C", "Berlin"), new("D", "Madrid")];

    private static GeneratedExercise Choice(string answer, params ExerciseOption[] options) =>
        new(ExerciseType.MultipleChoice, "Capital of France?", options, answer, null, Difficulty.Easy, []);

    private static GeneratedExercise Of(ExerciseType type, string question, string answer) =>
        new(type, question, [], answer, null, Difficulty.Medium, []);

    [Fact]
    public void A_well_formed_multiple_choice_is_valid() =>
        Assert.Empty(ExerciseValidator.Validate(Choice("A", FourOptions)));

    [Theory]
    [InlineData("A")]
    [InlineData("a")]
    [InlineData("(A)")]
    [InlineData("A. Paris")]
    [InlineData("Paris")]
    [InlineData("选A")]
    public void Choice_answers_may_name_the_key_or_the_text(string answer) =>
        Assert.Empty(ExerciseValidator.Validate(Choice(answer, FourOptions)));

    [Fact]
    public void Too_few_or_too_many_options_are_problems()
    {
        Assert.Contains(ExerciseValidator.Validate(Choice("A", new ExerciseOption("A", "Paris"))), p => p.Contains("2–6 options", StringComparison.Ordinal));
        var seven = Enumerable.Range(0, 7).Select(i => new ExerciseOption(((char)('A' + i)).ToString(), $"o{i}")).ToArray();
        Assert.NotEmpty(ExerciseValidator.Validate(Choice("A", seven)));
    }

    [Fact]
    public void Duplicate_keys_empty_text_and_bad_keys_are_problems()
    {
        Assert.Contains(ExerciseValidator.Validate(Choice("A", new("A", "x"), new("A", "y"))), p => p.Contains("not unique", StringComparison.Ordinal));
        Assert.Contains(ExerciseValidator.Validate(Choice("A", new("A", "x"), new("B", " "))), p => p.Contains("no text", StringComparison.Ordinal));
        Assert.Contains(ExerciseValidator.Validate(Choice("A", new("A", "x"), new("1", "y"))), p => p.Contains("A–F", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("E")]
    [InlineData("A, C")]
    [InlineData("")]
    [InlineData("London")]
    public void The_answer_must_be_exactly_one_existing_option(string answer) =>
        Assert.NotEmpty(ExerciseValidator.Validate(Choice(answer, FourOptions)));

    [Theory]
    [InlineData("true")]
    [InlineData("False")]
    [InlineData("对")]
    [InlineData("错")]
    [InlineData("正确")]
    [InlineData("错误")]
    [InlineData("yes")]
    [InlineData("no")]
    public void True_false_answers_in_either_language_are_accepted(string answer) =>
        Assert.Empty(ExerciseValidator.Validate(Of(ExerciseType.TrueFalse, "地球是圆的。", answer)));

    [Fact]
    public void A_true_false_answer_that_is_neither_is_a_problem() =>
        Assert.NotEmpty(ExerciseValidator.Validate(Of(ExerciseType.TrueFalse, "The earth is flat.", "maybe")));

    [Theory]
    [InlineData("水的化学式是____。", true)]
    [InlineData("水的化学式是（ ）。", true)]
    [InlineData("The capital of France is __.", true)]
    [InlineData("水的化学式是什么？", false)]
    public void Fill_in_the_blank_needs_a_blank_marker(string question, bool valid) =>
        Assert.Equal(valid, ExerciseValidator.IsValid(Of(ExerciseType.FillInBlank, question, "H2O")));

    [Fact]
    public void Every_type_needs_an_answer_and_a_question()
    {
        Assert.Contains("answer is missing", ExerciseValidator.Validate(Of(ExerciseType.ShortAnswer, "Why?", " ")));
        Assert.Contains("question is empty", ExerciseValidator.Validate(Of(ExerciseType.ShortAnswer, "", "Because.")));
    }
}
