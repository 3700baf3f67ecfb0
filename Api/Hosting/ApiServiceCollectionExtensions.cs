using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Scalar.AspNetCore;
using TaskRunner.Api.Admin;
using TaskRunner.Api.Diagnostics;
using TaskRunner.Api.Documents;
using TaskRunner.Api.Problems;
using TaskRunner.Api.Search;
using TaskRunner.Api.Tasks;
using TaskRunner.Shared.Documents;
using TaskRunner.Shared.Health;
using TaskRunner.Shared.Parsing;
using TaskRunner.Shared.Persistence;
using TaskRunner.Shared.Progress;
using TaskRunner.Shared.Retrieval;
using TaskRunner.Shared.Storage;
using TaskRunner.Shared.Tasks;

namespace TaskRunner.Api.Hosting;

public static class ApiServiceCollectionExtensions
{
    /// <summary>Everything the Api process needs. It only enqueues: no Hangfire server runs here.</summary>
    public static WebApplicationBuilder AddApiServices(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services
            .AddPersistence(configuration)
            .AddHostedService<DatabaseMigrationService>()
            .AddTasks(configuration)
            .AddProgress(configuration)
            .AddFileStorage(configuration)
            .AddDocuments()
            .AddDocumentParsing(configuration)
            .AddRetrieval(configuration)
            .AddTaskRunnerHealthChecks();
        builder.Services.AddSingleton<TaskEventStream>();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseLower));
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });
        return builder;
    }

    public static WebApplication MapApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapScalarApiReference("/docs");
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthServiceCollectionExtensions.ReadyTag) });
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new LocalRequestsOnlyAuthorizationFilter()],
            DashboardTitle = "TaskRunner jobs",
        });
        app.MapDocumentsApi();
        app.MapTasksApi();
        app.MapDiagnosticsApi();
        app.MapSearchApi();
        app.MapAdminApi();
        return app;
    }
}
