using TaskRunner.Generation.Exercises;
using TaskRunner.Tasks;

namespace TaskRunner.Tests.Tasks;

public sealed class WireNameTests
{
    [Fact]
    public void Closed_sets_are_spelled_in_snake_case_and_listed_from_the_enum()
    {
        Assert.Equal(["multiple_choice", "fill_in_blank", "true_false", "short_answer"], WireName.All<ExerciseType>());
        Assert.Equal(["easy", "medium", "hard"], WireName.All<Difficulty>());
        Assert.Equal("canceled", WireName.Of(TaskRunStatus.Canceled));
    }

    [Theory]
    [InlineData(" Fill_In_Blank ", ExerciseType.FillInBlank)]
    [InlineData("short_answer", ExerciseType.ShortAnswer)]
    public void Wire_names_parse_ignoring_case_and_spaces(string wire, ExerciseType expected)
    {
        Assert.True(WireName.TryParse<ExerciseType>(wire, out var type));
        Assert.Equal(expected, type);
    }

    [Fact]
    public void Unknown_names_do_not_parse() => Assert.False(WireName.TryParse<Difficulty>("impossible", out _));
}
