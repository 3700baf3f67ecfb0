using Hangfire;
using Scalar.AspNetCore;
using TaskRunner.Api.Admin;
using TaskRunner.Api.Batches;
using TaskRunner.Api.Chat;
using TaskRunner.Api.Diagnostics;
using TaskRunner.Api.Documents;
using TaskRunner.Api.Exercises;
using TaskRunner.Api.Idempotency;
using TaskRunner.Api.Llm;
using TaskRunner.Api.Metrics;
using TaskRunner.Api.Materials;
using TaskRunner.Api.Mcp;
using TaskRunner.Api.OpenApi;
using TaskRunner.Api.Prompts;
using TaskRunner.Api.Problems;
using TaskRunner.Api.Security;
using TaskRunner.Api.Search;
using TaskRunner.Api.Tasks;
using TaskRunner.Api.Tasks.Streams;
using TaskRunner.Generation.Chat;
using TaskRunner.Api.Usage;
using TaskRunner.Api.WebApp;
using TaskRunner.Generation.Exercises;
using TaskRunner.Generation.Prompts;
using TaskRunner.Ingestion;
using TaskRunner.Retrieval;
using TaskRunner.Retrieval.Lexical;
using TaskRunner.Tasks.Health;
using TaskRunner.Tasks.Hosting;
using TaskRunner.Tasks.Telemetry;

namespace TaskRunner.Api.Hosting;

public static class ApiServiceCollectionExtensions
{
    /// <summary>Everything the Api process needs. It only enqueues: no Hangfire server runs here.</summary>
    public static WebApplicationBuilder AddApiServices(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services
            .AddTaskRunnerCore(configuration)
            .AddIngestion(configuration)
            .AddRetrieval(configuration)
            .AddLexicalIndex(configuration)
            .AddExercises()
            .AddPrompts(configuration)
            .AddChat(configuration);
        builder.Services.AddApiSecurity(configuration);
        builder.Services.AddOptions<RequestLimitOptions>().Bind(configuration.GetSection(RequestLimitOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRequestLogging();
        builder.Services.AddIdempotency(configuration);
        builder.Services.AddTaskEventStreams(configuration);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = FrameworkProblemCodes.AddCode);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddTaskRunnerOpenApi();
        builder.AddTaskRunnerTelemetry("taskrunner-api");
        builder.Services.AddTaskRunnerMcp(configuration);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseLower));
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });
        return builder;
    }

    public static WebApplication MapApi(this WebApplication app)
    {
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebApp();

        // Failed attempts are counted per client address before any key is looked up; bodies are capped before they are read.
        app.UseMiddleware<AuthenticationThrottleMiddleware>();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<SubmittingApiKeyMiddleware>();
        app.UseRateLimiter();
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.UseMiddleware<IdempotencyMiddleware>());
        app.MapOpenApi();
        app.MapScalarApiReference("/docs");
        app.MapTaskRunnerHealth();
        app.MapMetricsApi();

        // Only operators open the dashboard: a session from the sign-in page, or an operator key in a header.
        app.MapDashboardSignIn();
        app.MapHangfireDashboard(DashboardAuthentication.DashboardPath, new DashboardOptions
        {
            Authorization = [new DashboardAuthorizationFilter()],
            DashboardTitle = "TaskRunner jobs",
        }).RequireAuthorization(TaskRunnerClaims.OperatorPolicy);

        // Every /api endpoint needs an API key and counts against that key's rate limit.
        var api = app.MapGroup("").RequireAuthorization().RequireRateLimiting(SecurityServiceCollectionExtensions.PerKeyRateLimit);
        api.MapDocumentsApi();
        api.MapTasksApi();
        api.MapPromptsApi();
        api.MapBatchesApi();
        api.MapLlmStatsApi();
        api.MapDiagnosticsApi();
        api.MapSearchApi();
        api.MapChatApi();
        api.MapExercisesApi();
        api.MapSubmissionsApi();
        api.MapMaterialsApi();
        api.MapAdminApi();
        api.MapUsageApi();
        api.MapApiKeysApi();
        app.MapTaskRunnerMcp();
        return app;
    }
}
