using TaskRunner.Generation.Exercises;
using TaskRunner.Generation.Llm;
using TaskRunner.Tasks;
using TaskRunner.Worker.Tasks;

namespace TaskRunner.Worker.Generation;

/// <summary>
/// The exercise.grade step: grades a short-answer submission against the reference answer with the LLM, or offline
/// by word overlap when no LLM is configured, and stores score and feedback on the submission (a re-run overwrites).
/// </summary>
public sealed class GradeStep(ExerciseStore exercises, SubmissionStore submissions, ILlmClient? llm = null) : IPipelineStep
{
    /// <summary>Scores from here up count as correct.</summary>
    public const double PassScore = 0.6;

    public string Name => "grade";

    public async Task RunAsync(TaskRunContext context, CancellationToken ct)
    {
        var input = context.Input<ShortAnswerGradingInput>()
            ?? throw new PermanentTaskException("invalid_input", "The task names no submission.");
        var tenant = context.Task.TenantId;
        var submission = await submissions.GetAsync(tenant, input.SubmissionId, ct)
            ?? throw new PermanentTaskException("submission_not_found", $"Submission {input.SubmissionId} no longer exists.");
        var exercise = await exercises.GetAsync(tenant, submission.ExerciseId, ct)
            ?? throw new PermanentTaskException("exercise_not_found", $"Exercise {submission.ExerciseId} no longer exists.");

        await context.ReportAsync("grading", 0.2, llm is null ? "Grading offline" : "Grading with the LLM", ct);
        var chinese = exercise.Language == "zh";
        ShortAnswerGrade grade;
        string? model = null;
        if (llm is null)
        {
            grade = OfflineShortAnswerGrader.Grade(exercise.Answer, submission.Answer, chinese);
        }
        else
        {
            var completion = await llm.CompleteChatAsync(
                ShortAnswerGradingPrompt.Build(exercise.Question, exercise.Answer, submission.Answer, exercise.Language), ct);
            if (!ShortAnswerGradingPrompt.TryParse(completion.Text, out grade))
            {
                throw new TransientTaskException("llm_invalid_reply", "The LLM's grading reply had no readable score.");
            }

            model = completion.Model;
        }

        var grader = llm is null ? OfflineShortAnswerGrader.GraderName : "llm";
        var correct = grade.Score >= PassScore;
        await submissions.SetGradeAsync(submission.Id, correct, (float)grade.Score, grade.Feedback, grader, ct);
        context.ResultJson = TaskJson.Serialize(new
        {
            submissionId = submission.Id,
            exerciseId = exercise.Id,
            score = grade.Score,
            correct,
            feedback = grade.Feedback,
            grader,
            model,
        });
        context.ResultMessage = $"Scored {grade.Score:0.##} ({grader}).";
    }
}
