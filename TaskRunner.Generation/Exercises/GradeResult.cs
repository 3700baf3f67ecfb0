namespace TaskRunner.Generation.Exercises;

public sealed record GradeResult(bool Correct, string ExpectedAnswer, string? Explanation);
