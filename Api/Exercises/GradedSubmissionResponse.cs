namespace TaskRunner.Api.Exercises;

/// <summary>The immediate verdict on an objective exercise's submission.</summary>
public sealed record GradedSubmissionResponse(Guid SubmissionId, Guid ExerciseId, bool Correct, string ExpectedAnswer, string? Explanation);
