using TaskRunner.Api.Hosting;
using TaskRunner.Api.Problems;
using TaskRunner.Api.Tasks;
using TaskRunner.Generation.Exercises;
using TaskRunner.Tasks;

namespace TaskRunner.Api.Exercises;

public static class SubmissionsApi
{
    public const int MaxAnswerLength = 5000;

    public static IEndpointRouteBuilder MapSubmissionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/submissions").WithTags("Exercises")
            .MapGet("/{id:guid}", GetAsync).WithName("GetSubmission")
            .WithSummary("A submission and, once graded, its correctness, score and feedback.");
        return app;
    }

    /// <summary>POST /api/v1/exercises/{id}/submissions.</summary>
    public static async Task<IResult> SubmitAsync(
        Guid id, SubmissionRequest? request, HttpContext http, ExerciseStore exercises, SubmissionStore submissions,
        TaskSubmitter submitter, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request?.Answer))
        {
            return ApiProblem.BadRequest("answer_missing", "Send a JSON body with a non-empty 'answer'.");
        }

        if (request.Answer.Length > MaxAnswerLength)
        {
            return ApiProblem.BadRequest("answer_too_long", $"answer may have at most {MaxAnswerLength} characters.");
        }

        var tenant = RequestTenant.Of(http);
        if (await exercises.GetAsync(tenant, id, ct) is not { } exercise)
        {
            return ApiProblem.NotFound("Exercise", id);
        }

        var generated = exercise.ToGenerated();
        var submissionId = Guid.NewGuid();
        if (ObjectiveGrader.IsObjective(generated.Type))
        {
            var grade = ObjectiveGrader.Grade(generated, request.Answer);
            await submissions.InsertAsync(new SubmissionRecord
            {
                Id = submissionId, TenantId = tenant, ExerciseId = id, Answer = request.Answer, Correct = grade.Correct,
                Score = grade.Correct ? 1 : 0, Grader = "objective", GradedAt = DateTime.UtcNow,
            }, ct);
            return TypedResults.Created($"/api/v1/submissions/{submissionId}",
                new GradedSubmissionResponse(submissionId, id, grade.Correct, grade.ExpectedAnswer, grade.Explanation));
        }

        var taskId = Guid.NewGuid();
        await submissions.InsertAsync(new SubmissionRecord { Id = submissionId, TenantId = tenant, ExerciseId = id, Answer = request.Answer, TaskId = taskId }, ct);
        var task = await submitter.SubmitAsync(new NewTask(
            taskId, tenant, TaskTypes.GradeSubmission, TaskPipelines.FirstQueueOf(TaskTypes.GradeSubmission),
            TaskJson.Serialize(new ShortAnswerGradingInput(submissionId, id)), null), ct);
        return TypedResults.Accepted($"/api/v1/submissions/{submissionId}", TaskResponse.From(task));
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, SubmissionStore submissions, CancellationToken ct) =>
        await submissions.GetAsync(RequestTenant.Of(http), id, ct) is { } submission
            ? TypedResults.Ok(SubmissionResponse.From(submission))
            : ApiProblem.NotFound("Submission", id);
}
