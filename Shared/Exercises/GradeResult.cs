namespace TaskRunner.Shared.Exercises;

public sealed record GradeResult(bool Correct, string ExpectedAnswer, string? Explanation);
