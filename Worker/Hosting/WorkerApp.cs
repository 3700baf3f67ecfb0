using TaskRunner.Ingestion;
using TaskRunner.Ingestion.Chunking;
using TaskRunner.Retrieval;
using TaskRunner.Tasks.Health;
using TaskRunner.Tasks.Persistence;
using TaskRunner.Tasks.Hosting;
using TaskRunner.Tasks.Telemetry;
using TaskRunner.Generation;

namespace TaskRunner.Worker.Hosting;

/// <summary>Builds a Worker process: Hangfire server(s) for its queues plus /health endpoints. Tests build it in-process.</summary>
public static class WorkerApp
{
    private static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal)
    {
        ["--queues"] = "Worker:Queues",
        ["--workers"] = "Worker:Count",
        ["--waiting-workers"] = "Worker:WaitingCount",
    };

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration.AddCommandLine(args, SwitchMappings);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            // Several workers share a machine; each takes a free port for its health endpoint unless told otherwise.
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }

        configure?.Invoke(builder);
        var configuration = builder.Configuration;
        if (!configuration.GetValue<bool>($"{WorkerOptions.SectionName}:{nameof(WorkerOptions.SynchronousCommit)}")
            && configuration.GetConnectionString("Postgres") is { Length: > 0 } postgres)
        {
            // Before anything reads it: every connection of this process, Hangfire's included (CommitMode says why).
            configuration["ConnectionStrings:Postgres"] = CommitMode.WithoutFlushWait(postgres);
        }

        builder.AddTaskRunnerTelemetry("taskrunner-worker");
        builder.Services
            .AddTaskRunnerCore(configuration)
            .AddIngestion(configuration)
            .AddRetrieval(configuration)
            .AddChunking(configuration)
            .AddGeneration(configuration)
            .AddWorkerRuntime(configuration);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        var app = builder.Build();
        app.MapTaskRunnerHealth();
        app.MapTaskRunnerMetrics();
        return app;
    }
}
