namespace TaskRunner.Generation.Exercises;

/// <summary>An LLM's grade of a short answer: Score from 0 (wrong) to 1 (fully correct).</summary>
public sealed record ShortAnswerGrade(double Score, string Feedback);
