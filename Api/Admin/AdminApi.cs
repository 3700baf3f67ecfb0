using TaskRunner.Api.Hosting;
using TaskRunner.Api.Security;
using TaskRunner.Api.Tasks;
using TaskRunner.Tasks;

namespace TaskRunner.Api.Admin;

public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        // Admin keys only: reconciling touches every document of the tenant.
        app.MapGroup("/api/v1/admin").WithTags("Admin").RequireAuthorization(TaskRunnerClaims.AdminPolicy)
            .MapPost("/reconcile", SubmitReconcileAsync).WithName("ReconcileVectors")
            .WithSummary("Submits a task that repairs the tenant's vectors against its chunks; answers 202 with the task.");
        return app;
    }

    private static async Task<IResult> SubmitReconcileAsync(HttpContext http, TaskSubmitter submitter, CancellationToken ct)
    {
        var task = await submitter.SubmitAsync(new NewTask(Guid.NewGuid(), RequestTenant.Of(http), TaskTypes.ReconcileVectors,
            TaskPipelines.FirstQueueOf(TaskTypes.ReconcileVectors), null, null), ct);
        return TypedResults.Accepted(TaskResponse.StatusUrlOf(task.Id), TaskResponse.From(task));
    }
}
