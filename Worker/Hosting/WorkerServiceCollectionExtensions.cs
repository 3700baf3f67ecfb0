using Hangfire;
using Microsoft.Extensions.Options;
using TaskRunner.Shared.Tasks;
using TaskRunner.Worker.Diagnostics;
using TaskRunner.Worker.Documents;
using TaskRunner.Worker.Embedding;
using TaskRunner.Worker.Ingestion;
using TaskRunner.Worker.Maintenance;
using TaskRunner.Worker.Tasks;

namespace TaskRunner.Worker.Hosting;

public static class WorkerServiceCollectionExtensions
{
    /// <summary>The Hangfire server for the configured queues, the task job and its steps, and the reaper.</summary>
    public static IServiceCollection AddWorkerRuntime(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkerOptions>().Bind(configuration.GetSection(WorkerOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WorkerIdentity>();
        services.AddTransient<ITaskJob, TaskJob>();
        services.AddSingleton<IPipelineStep, WaitStep>();
        services.AddSingleton<IPipelineStep, ExtractStep>();
        services.AddSingleton<IPipelineStep, EmbedStep>();
        services.AddHostedService<TaskReaper>();
        services.AddHostedService<ChunkTokenBackfill>();
        services.AddSingleton<IPipelineStep, DeleteDocumentStep>();
        services.AddSingleton<IPipelineStep, ReconcileVectorsStep>();
        services.AddOptions<ReconcileOptions>().Bind(configuration.GetSection(ReconcileOptions.SectionName));
        services.AddTransient<ReconcileScheduler>();
        services.AddHostedService<ReconcileScheduleRegistration>();
        services.AddHangfireServer((sp, server) =>
        {
            var options = sp.GetRequiredService<IOptions<WorkerOptions>>().Value;
            server.Queues = options.QueueList.ToArray();
            server.WorkerCount = options.Count;
            server.ServerName = sp.GetRequiredService<WorkerIdentity>().Id;
            server.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownTimeoutSeconds);
            server.ServerCheckInterval = TimeSpan.FromSeconds(30);
            server.HeartbeatInterval = TimeSpan.FromSeconds(10);
        });
        return services;
    }
}
