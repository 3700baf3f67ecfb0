using TaskRunner.Tasks;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Generation.Exercises;

/// <summary>
/// The exercise.grade step: grades a short-answer submission against the reference answer with the configured
/// <see cref="IShortAnswerGrader"/> and stores score and feedback on the submission (a re-run overwrites).
/// </summary>
public sealed class GradeStep(ExerciseStore exercises, SubmissionStore submissions, IShortAnswerGrader grader) : IPipelineStep<ShortAnswerGradingInput>, IWaitingStep
{
    /// <summary>Scores from here up count as correct.</summary>
    public const double PassScore = 0.6;

    public async Task RunAsync(TaskRunContext<ShortAnswerGradingInput> context, CancellationToken ct)
    {
        var tenant = context.Task.TenantId;
        var submission = await submissions.GetAsync(tenant, context.Input.SubmissionId, ct)
            ?? throw new PermanentTaskException(ExerciseErrorCodes.SubmissionNotFound, $"Submission {context.Input.SubmissionId} no longer exists.");
        var exercise = await exercises.GetAsync(tenant, submission.ExerciseId, ct)
            ?? throw new PermanentTaskException(ExerciseErrorCodes.ExerciseNotFound, $"Exercise {submission.ExerciseId} no longer exists.");

        await context.ReportAsync("grading", 0.2, grader.Name == "llm" ? "Grading with the LLM" : "Grading offline", ct);
        var (grade, model) = await grader.GradeAsync(exercise, submission.Answer, ct);
        var correct = grade.Score >= PassScore;
        await submissions.SetGradeAsync(submission.Id, correct, (float)grade.Score, grade.Feedback, grader.Name, ct, context.Fence);
        context.ResultJson = TaskJson.Serialize(new
        {
            submissionId = submission.Id,
            exerciseId = exercise.Id,
            score = grade.Score,
            correct,
            feedback = grade.Feedback,
            grader = grader.Name,
            model,
        });
        context.ResultMessage = $"Scored {grade.Score:0.##} ({grader.Name}).";
    }
}
