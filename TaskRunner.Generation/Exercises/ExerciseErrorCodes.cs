namespace TaskRunner.Generation.Exercises;

/// <summary>Stable codes of exercise generation, grading and material analysis, recorded on failed tasks.</summary>
public static class ExerciseErrorCodes
{
    /// <summary>Neither the LLM nor the offline generator produced one valid exercise.</summary>
    public const string NoExercisesGenerated = "no_exercises_generated";

    /// <summary>The material to analyse has no text.</summary>
    public const string MaterialEmpty = "material_empty";

    /// <summary>A document named as material has been deleted.</summary>
    public const string DocumentNotFound = "document_not_found";

    /// <summary>A document named as material is still being ingested; the task waits for it (retried).</summary>
    public const string DocumentNotReady = "document_not_ready";

    /// <summary>The documents named as material have no text.</summary>
    public const string DocumentEmpty = "document_empty";

    /// <summary>The submission to grade has been deleted.</summary>
    public const string SubmissionNotFound = "submission_not_found";

    /// <summary>The exercise of the submission has been deleted.</summary>
    public const string ExerciseNotFound = "exercise_not_found";
}
