using Microsoft.AspNetCore.Http.HttpResults;
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
    public static async Task<Results<Created<GradedSubmissionResponse>, Accepted<GradingAccepted>, ProblemHttpResult>> SubmitAsync(
        Guid id, SubmissionRequest? request, RequestTenant tenant, ExerciseStore exercises, SubmissionStore submissions,
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

        if (await exercises.GetAsync(tenant.Id, id, ct) is not { } exercise)
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
                Id = submissionId, TenantId = tenant.Id, ExerciseId = id, Answer = request.Answer, Correct = grade.Correct,
                Score = grade.Correct ? 1 : 0, Grader = "objective", GradedAt = DateTime.UtcNow,
            }, ct);
            return TypedResults.Created($"/api/v1/submissions/{submissionId}",
                new GradedSubmissionResponse(submissionId, id, grade.Correct, grade.ExpectedAnswer, grade.Explanation));
        }

        var taskId = Guid.NewGuid();
        await submissions.InsertAsync(new SubmissionRecord { Id = submissionId, TenantId = tenant.Id, ExerciseId = id, Answer = request.Answer, TaskId = taskId }, ct);
        var task = await submitter.SubmitAsync(ExerciseTasks.Grade, tenant.Id, new ShortAnswerGradingInput(submissionId, id), ct, taskId: taskId);
        return TypedResults.Accepted($"/api/v1/submissions/{submissionId}", new GradingAccepted(task, submissionId));
    }

    private static async Task<Results<Ok<SubmissionResponse>, ProblemHttpResult>> GetAsync(
        Guid id, RequestTenant tenant, SubmissionStore submissions, CancellationToken ct) =>
        await submissions.GetAsync(tenant.Id, id, ct) is { } submission
            ? TypedResults.Ok(SubmissionResponse.From(submission))
            : ApiProblem.NotFound("Submission", id);
}
