namespace TaskRunner.Generation.Exercises;

/// <summary>The input of an exercise.grade task: the submission to grade.</summary>
public sealed record ShortAnswerGradingInput(Guid SubmissionId, Guid ExerciseId);
