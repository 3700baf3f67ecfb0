namespace TaskRunner.Generation.Exercises;

/// <summary>A row of the submissions table: an answer and, once graded, its verdict.</summary>
public sealed class SubmissionRecord
{
    public Guid Id { get; init; }
    public string TenantId { get; init; } = "default";
    public Guid ExerciseId { get; init; }
    public string Answer { get; init; } = "";
    public bool? Correct { get; init; }
    public float? Score { get; init; }
    public string? Feedback { get; init; }

    /// <summary>"objective", "llm" or "offline"; null until graded.</summary>
    public string? Grader { get; init; }

    /// <summary>The exercise.grade task of a short answer.</summary>
    public Guid? TaskId { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? GradedAt { get; init; }
}
