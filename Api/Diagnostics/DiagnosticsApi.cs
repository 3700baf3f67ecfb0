using Microsoft.AspNetCore.Http.HttpResults;
using TaskRunner.Api.Hosting;
using TaskRunner.Api.Problems;
using TaskRunner.Api.Security;
using TaskRunner.Api.Tasks;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Diagnostics;

namespace TaskRunner.Api.Diagnostics;

public static class DiagnosticsApi
{
    public static IEndpointRouteBuilder MapDiagnosticsApi(this IEndpointRouteBuilder app)
    {
        // Operator keys only: a no-op task occupies a worker for up to ten minutes and tells nothing about a tenant's data.
        app.MapGroup("/api/v1/diagnostics").WithTags("Diagnostics").RequireAuthorization(TaskRunnerClaims.OperatorPolicy)
            .MapPost("/noop", SubmitNoopAsync).WithName("SubmitNoopTask")
            .WithSummary("Submits a task that only waits and reports progress: to check workers end to end, and for benchmarks.");
        return app;
    }

    private static async Task<Results<Accepted<TaskAccepted>, ProblemHttpResult>> SubmitNoopAsync(
        NoopRequest? request, RequestTenant tenant, TaskSubmitter submitter, CancellationToken ct)
    {
        request ??= new NoopRequest(0, 1);
        if (request.DurationMs is < 0 or > 600_000 || request.Steps is < 1 or > 1000)
        {
            return ApiProblem.BadRequest("invalid_argument", "durationMs must be 0..600000 and steps 1..1000.");
        }

        var task = await submitter.SubmitAsync(DiagnosticsTasks.Noop, tenant.Id, new NoopTaskInput(request.DurationMs, request.Steps), ct);
        return TaskAccepted.Result(task);
    }
}
