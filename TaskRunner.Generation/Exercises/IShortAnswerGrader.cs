namespace TaskRunner.Generation.Exercises;

/// <summary>Grades a short answer against the reference: with the LLM when one is configured, offline otherwise.</summary>
public interface IShortAnswerGrader
{
    /// <summary>"llm" or "offline", stored on the submission.</summary>
    string Name { get; }

    Task<GradedAnswer> GradeAsync(ExerciseRecord exercise, string answer, CancellationToken ct);
}

/// <summary>A grade and the model that gave it, when one did.</summary>
public sealed record GradedAnswer(ShortAnswerGrade Grade, string? Model);
