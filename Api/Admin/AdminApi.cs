using Microsoft.AspNetCore.Http.HttpResults;
using TaskRunner.Api.Hosting;
using TaskRunner.Api.Security;
using TaskRunner.Api.Tasks;
using TaskRunner.Retrieval.Indexing;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Pipelines;

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

    private static async Task<Accepted<TaskAccepted>> SubmitReconcileAsync(RequestTenant tenant, TaskSubmitter submitter, CancellationToken ct)
    {
        var task = await submitter.SubmitAsync(DocumentTasks.ReconcileVectors, tenant.Id, NoInput.Value, ct);
        return TaskAccepted.Result(task);
    }
}
