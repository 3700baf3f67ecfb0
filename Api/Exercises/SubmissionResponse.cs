using TaskRunner.Generation.Exercises;

namespace TaskRunner.Api.Exercises;

/// <summary>A submission; <see cref="Status"/> is "pending" until its grading task has stored a score.</summary>
public sealed record SubmissionResponse(
    Guid Id,
    Guid ExerciseId,
    string Answer,
    string Status,
    bool? Correct,
    float? Score,
    string? Feedback,
    string? Grader,
    Guid? TaskId,
    DateTime CreatedAt,
    DateTime? GradedAt)
{
    public static SubmissionResponse From(SubmissionRecord s) => new(
        s.Id, s.ExerciseId, s.Answer, s.GradedAt is null ? "pending" : "graded", s.Correct, s.Score, s.Feedback, s.Grader, s.TaskId,
        DateTime.SpecifyKind(s.CreatedAt, DateTimeKind.Utc), s.GradedAt is { } g ? DateTime.SpecifyKind(g, DateTimeKind.Utc) : null);
}
